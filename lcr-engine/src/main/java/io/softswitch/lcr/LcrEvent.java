package io.softswitch.lcr;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One slot of the LCR engine's ring, preallocated and reused: whichever event it carries, its
 * fields are overwritten by the publisher and cleared by the engine after handling, so the ring
 * holds no reference to a finished call.
 *
 * <p>The dialled number is copied into the slot's own {@code char} array, so the publisher's
 * {@link CharSequence} can be reused at once and nothing is allocated.
 */
final class LcrEvent
{
    /** Longest number the ring carries; longer ones are answered {@link RouteResult#NO_ROUTE}. */
    static final int MAX_NUMBER_LENGTH = 32;

    static final int ROUTE = 1;
    static final int ATTEMPT = 2;
    static final int CALL_ENDED = 3;
    static final int SWAP = 4;
    static final int VENDOR_BLOCK = 5;
    static final int PREFIX_BLOCK = 6;
    static final int VENDOR_PREFIX_BLOCK = 7;
    static final int SIMULATE = 8;

    final char[] digits = new char[MAX_NUMBER_LENGTH];
    int type;
    int length;
    /** Customer id of a query, vendor id of a sample. */
    int id;
    String trunk;
    String prefix;
    RouteListener listener;
    boolean answered;
    int sipCode;
    long valueMs;
    boolean flag;
    RouteSnapshot snapshot;
    Instant at;
    String number;
    CompletableFuture<RouteSimulation> simulation;

    void fillRoute(final int customerId, final CharSequence number, final RouteListener listener)
    {
        this.type = ROUTE;
        this.id = customerId;
        this.listener = listener;
        this.answered = false;
        copyNumber(number);
    }

    void fillSample(final int type, final int vendorId, final CharSequence number, final int sipCode,
        final long valueMs)
    {
        this.type = type;
        this.id = vendorId;
        this.sipCode = sipCode;
        this.valueMs = valueMs;
        copyNumber(number);
    }

    void fillSwap(final RouteSnapshot snapshot)
    {
        this.type = SWAP;
        this.snapshot = snapshot;
    }

    void fillFlag(final int type, final String vendor, final String prefix, final boolean flag)
    {
        this.type = type;
        this.trunk = vendor;
        this.prefix = prefix;
        this.flag = flag;
    }

    void fillSimulate(final String customer, final String number, final Instant at,
        final CompletableFuture<RouteSimulation> simulation)
    {
        this.type = SIMULATE;
        this.trunk = customer;
        this.number = number;
        this.at = at;
        this.simulation = simulation;
    }

    /**
     * Drops every reference the slot holds.
     */
    void clear()
    {
        type = 0;
        trunk = null;
        prefix = null;
        listener = null;
        snapshot = null;
        at = null;
        number = null;
        simulation = null;
    }

    private void copyNumber(final CharSequence number)
    {
        final int n = number.length();
        if (n > MAX_NUMBER_LENGTH)
        {
            length = -1;
            return;
        }
        for (int i = 0; i < n; i++)
        {
            digits[i] = number.charAt(i);
        }
        length = n;
    }
}
