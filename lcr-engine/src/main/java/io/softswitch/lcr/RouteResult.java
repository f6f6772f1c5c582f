package io.softswitch.lcr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The answer to a route query: the vendor trunks to try, best first, by id
 * ({@link #vendorId(int)}, for the call path) and by name ({@link #vendor(int)}, for logs and
 * the API), or the reason there are none. A pooled answer also carries each vendor's matched
 * buy prefix (as a length of the queried number) and rate, and the customer's matched sell
 * prefix and rate, for the call detail record.
 *
 * <p>Two kinds exist. <b>Constant</b> results ({@link #routed(List)}, {@link #NO_ROUTE} and the
 * other outcome constants) are immutable and may be kept forever. <b>Pooled</b> results come
 * from {@link LcrEngine}: so that a query allocates nothing, the engine fills a preallocated
 * holder and hands it to the listener; the holder then belongs to the caller, who may read it on
 * any thread (hand it over through a thread-safe queue such as an event loop's task queue) and
 * calls {@link #release()} once the call no longer needs the list. A pooled result must not be
 * read after release. {@link #release()} on a constant result does nothing, so callers can
 * always release what they got. A caller that never releases costs one allocation per query and
 * is otherwise correct.
 */
public final class RouteResult
{
    /** No vendor can take the call (none has a rate, or all are blocked, down or unprofitable). */
    public static final RouteResult NO_ROUTE = new RouteResult(Outcome.NO_ROUTE, new int[0], new String[0], 0, null);

    /** The customer has no sell rate for the number: refuse the call rather than give it away. */
    public static final RouteResult NO_SELL_RATE =
        new RouteResult(Outcome.NO_SELL_RATE, new int[0], new String[0], 0, null);

    /** The engine's ring was full; nothing was routed. */
    public static final RouteResult OVERLOADED = new RouteResult(Outcome.OVERLOADED, new int[0], new String[0], 0, null);

    private static final int IN_USE = 1;
    private static final int FREE = 0;
    private static final VarHandle STATE;

    static
    {
        try
        {
            STATE = MethodHandles.lookup().findVarHandle(RouteResult.class, "state", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final int[] idSlots;
    private final String[] vendorSlots;
    /** Digits of the number each vendor's matched buy prefix covers; 0 for constant results. */
    private final int[] prefixLengthSlots;
    /** Each vendor's buy rate for the matched prefix, micro-units per minute; 0 for constant results. */
    private final long[] rateSlots;
    private int sellPrefixLength;
    private long sellRateMicros;
    private final RouteResultPool pool;
    private final List<String> vendorView;
    private Outcome outcome;
    private int vendorCount;
    RouteResult nextFree;
    @SuppressWarnings("unused")
    private volatile int state;

    /**
     * Why a query ended as it did, and what the switch answers the customer.
     */
    public enum Outcome
    {
        /** At least one vendor trunk to try. */
        ROUTED,
        /** No vendor can take the call: the customer gets 404 (or 503 by policy). */
        NO_ROUTE,
        /** The customer has no sell rate for the number: the customer gets 403, never a free call. */
        NO_SELL_RATE,
        /** The engine could not take the query: the customer gets 503. */
        OVERLOADED
    }

    private RouteResult(final Outcome outcome, final int[] idSlots, final String[] vendorSlots, final int vendorCount,
        final RouteResultPool pool)
    {
        this.outcome = outcome;
        this.idSlots = idSlots;
        this.vendorSlots = vendorSlots;
        this.prefixLengthSlots = new int[vendorSlots.length];
        this.rateSlots = new long[vendorSlots.length];
        this.vendorCount = vendorCount;
        this.pool = pool;
        this.vendorView = new VendorView();
    }

    /**
     * A constant result that offers the call to the given vendors in order, without ids (every
     * {@link #vendorId(int)} is -1).
     *
     * @param vendors vendor trunk names, best first; at least one.
     * @return the result.
     * @deprecated the call path reads vendor ids: use {@link #routed(TrunkIds, List)}.
     */
    @Deprecated
    public static RouteResult routed(final List<String> vendors)
    {
        final String[] names = names(vendors);
        final int[] ids = new int[names.length];
        Arrays.fill(ids, -1);
        return new RouteResult(Outcome.ROUTED, ids, names, names.length, null);
    }

    /**
     * A constant result that offers the call to the given vendors in order.
     *
     * @param ids     the trunk ids the vendors are numbered by.
     * @param vendors vendor trunk names, best first; at least one, each known to {@code ids}.
     * @return the result.
     */
    public static RouteResult routed(final TrunkIds ids, final List<String> vendors)
    {
        final String[] names = names(vendors);
        final int[] vendorIds = new int[names.length];
        for (int i = 0; i < names.length; i++)
        {
            vendorIds[i] = ids.vendorId(names[i]);
            if (vendorIds[i] < 0)
            {
                throw new IllegalArgumentException("unknown vendor: vendor=" + names[i]);
            }
        }
        return new RouteResult(Outcome.ROUTED, vendorIds, names, names.length, null);
    }

    /**
     * A constant result that offers the call to the given vendors in order, with the deck
     * matches a router found: each vendor's buy prefix and rate and the customer's sell prefix
     * and rate, as a pooled engine answer carries them.
     *
     * @param ids              the trunk ids the vendors are numbered by.
     * @param vendors          vendor trunk names, best first; at least one, each known to {@code ids}.
     * @param prefixLengths    per vendor, digits of the number its buy prefix covers.
     * @param ratesMicros      per vendor, the buy rate in micro-units per minute.
     * @param sellPrefixLength digits of the number the customer's sell prefix covers.
     * @param sellRateMicros   the sell rate in micro-units per minute.
     * @return the result.
     */
    public static RouteResult routed(final TrunkIds ids, final List<String> vendors, final int[] prefixLengths,
        final long[] ratesMicros, final int sellPrefixLength, final long sellRateMicros)
    {
        final RouteResult result = routed(ids, vendors);
        if (prefixLengths.length != result.vendorCount || ratesMicros.length != result.vendorCount)
        {
            throw new IllegalArgumentException("one prefix and rate per vendor: vendors=" + result.vendorCount +
                " prefixes=" + prefixLengths.length + " rates=" + ratesMicros.length);
        }
        System.arraycopy(prefixLengths, 0, result.prefixLengthSlots, 0, prefixLengths.length);
        System.arraycopy(ratesMicros, 0, result.rateSlots, 0, ratesMicros.length);
        result.sell(sellPrefixLength, sellRateMicros);
        return result;
    }

    private static String[] names(final List<String> vendors)
    {
        final String[] names = vendors.toArray(new String[0]);
        if (names.length == 0)
        {
            throw new IllegalArgumentException("routed result needs a vendor: vendors=0");
        }
        for (final String name : names)
        {
            Objects.requireNonNull(name, "vendor");
        }
        return names;
    }

    /**
     * A holder that belongs to a pool, for the engine to fill.
     *
     * @param pool where {@link #release()} returns it.
     * @return an empty holder.
     */
    static RouteResult pooled(final RouteResultPool pool)
    {
        return new RouteResult(Outcome.NO_ROUTE, new int[CustomerRouting.MAX_ATTEMPTS_LIMIT],
            new String[CustomerRouting.MAX_ATTEMPTS_LIMIT], 0, pool);
    }

    /**
     * Marks a pooled holder as handed out and empties it.
     */
    void acquire()
    {
        vendorCount = 0;
        sellPrefixLength = 0;
        sellRateMicros = 0;
        outcome = Outcome.NO_ROUTE;
        STATE.setRelease(this, IN_USE);
    }

    /**
     * Appends a vendor to a pooled holder and marks it routed.
     *
     * @param vendorId     the vendor trunk's id.
     * @param vendor       the vendor trunk name.
     * @param prefixLength digits of the number the vendor's matched buy prefix covers.
     * @param rateMicros   the vendor's buy rate for that prefix, micro-units per minute.
     */
    void add(final int vendorId, final String vendor, final int prefixLength, final long rateMicros)
    {
        idSlots[vendorCount] = vendorId;
        prefixLengthSlots[vendorCount] = prefixLength;
        rateSlots[vendorCount] = rateMicros;
        vendorSlots[vendorCount++] = vendor;
        outcome = Outcome.ROUTED;
    }

    /**
     * Records the customer's matched sell prefix and rate in a pooled holder.
     *
     * @param prefixLength digits of the number the sell prefix covers.
     * @param rateMicros   the sell rate, micro-units per minute.
     */
    void sell(final int prefixLength, final long rateMicros)
    {
        sellPrefixLength = prefixLength;
        sellRateMicros = rateMicros;
    }

    /**
     * Whether the result is a pooled holder.
     *
     * @return true when it came from an engine pool.
     */
    boolean isPooled()
    {
        return pool != null;
    }

    /**
     * Whether the query found vendors, and if not, why.
     *
     * @return the outcome.
     */
    public Outcome outcome()
    {
        return outcome;
    }

    /**
     * The vendor trunks to try, best first: a read-only view, empty unless {@link Outcome#ROUTED}.
     *
     * @return the vendors; for a pooled result, valid until {@link #release()}.
     */
    public List<String> vendors()
    {
        return vendorView;
    }

    /**
     * Number of vendors in the list.
     *
     * @return the count, 0 unless {@link Outcome#ROUTED}.
     */
    public int vendorCount()
    {
        return vendorCount;
    }

    /**
     * One vendor of the list.
     *
     * @param index position, 0 for the first choice.
     * @return the vendor trunk name.
     */
    public String vendor(final int index)
    {
        Objects.checkIndex(index, vendorCount);
        return vendorSlots[index];
    }

    /**
     * The id of one vendor of the list ({@link TrunkIds#vendorId}).
     *
     * @param index position, 0 for the first choice.
     * @return the vendor trunk's id.
     */
    public int vendorId(final int index)
    {
        Objects.checkIndex(index, vendorCount);
        return idSlots[index];
    }

    /**
     * How many leading digits of the queried number one vendor's matched buy prefix covers: the
     * prefix is the number's first that many digits.
     *
     * @param index position, 0 for the first choice.
     * @return the prefix length; 0 when the result was built without deck matches.
     */
    public int vendorPrefixLength(final int index)
    {
        Objects.checkIndex(index, vendorCount);
        return prefixLengthSlots[index];
    }

    /**
     * One vendor's buy rate for its matched prefix.
     *
     * @param index position, 0 for the first choice.
     * @return micro-units per minute; 0 when the result was built without deck matches.
     */
    public long vendorRateMicrosPerMinute(final int index)
    {
        Objects.checkIndex(index, vendorCount);
        return rateSlots[index];
    }

    /**
     * How many leading digits of the queried number the customer's matched sell prefix covers.
     *
     * @return the prefix length; 0 unless routed with deck matches.
     */
    public int sellPrefixLength()
    {
        return sellPrefixLength;
    }

    /**
     * The customer's sell rate for the matched sell prefix.
     *
     * @return micro-units per minute; 0 unless routed with deck matches.
     */
    public long sellRateMicrosPerMinute()
    {
        return sellRateMicros;
    }

    /**
     * Gives a pooled result back to its engine; does nothing for a constant result.
     *
     * @throws IllegalStateException when a pooled result is released twice.
     */
    public void release()
    {
        if (pool == null)
        {
            return;
        }
        if (!STATE.compareAndSet(this, IN_USE, FREE))
        {
            throw new IllegalStateException("route result released twice: outcome=" + outcome);
        }
        Arrays.fill(vendorSlots, 0, vendorCount, null);
        vendorCount = 0;
        pool.give(this);
    }

    /**
     * Results are equal when outcome and vendors are.
     *
     * @param other the other object.
     * @return true when equal.
     */
    @Override
    public boolean equals(final Object other)
    {
        return other instanceof RouteResult that && outcome == that.outcome && vendorView.equals(that.vendorView);
    }

    /**
     * Hash of outcome and vendors.
     *
     * @return the hash.
     */
    @Override
    public int hashCode()
    {
        return 31 * outcome.hashCode() + vendorView.hashCode();
    }

    /**
     * Debug form: {@code ROUTED[a, b]}.
     *
     * @return the text.
     */
    @Override
    public String toString()
    {
        return outcome + vendorView.toString();
    }

    private final class VendorView extends AbstractList<String> implements RandomAccess
    {
        @Override
        public String get(final int index)
        {
            return vendor(index);
        }

        @Override
        public int size()
        {
            return vendorCount;
        }
    }
}
