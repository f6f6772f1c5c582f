package io.softswitch.lcr;

import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The LCR engine's rules without its ring: answers on the caller's thread, for one thread only.
 * {@link LcrEngine} runs exactly this logic on its own thread.
 *
 * <p>For tools that own their thread (the command-line route simulator over a snapshot loaded
 * from the database, with no live quality), tests, and the benchmark that measures a query
 * without the ring hop. Not thread-safe: every call must come from the same thread, or be
 * handed over with a happens-before edge.
 */
@SuppressWarnings("deprecation")
public final class SingleThreadRouter implements Router
{
    private final RouteSelector selector;
    private final VendorStates vendorStates;
    private final LongSupplier epochMsClock;
    private final char[] digits = new char[LcrEvent.MAX_NUMBER_LENGTH];

    /**
     * Creates a router over a snapshot.
     *
     * @param snapshot     the snapshot.
     * @param epochMsClock the wall clock in epoch milliseconds.
     */
    public SingleThreadRouter(final RouteSnapshot snapshot, final LongSupplier epochMsClock)
    {
        this(snapshot, epochMsClock, new VendorStates(TrunkIds.MAX_IDS));
    }

    /**
     * Creates a router over a snapshot that reads availability from given state, e.g. a running
     * engine's ({@link LcrEngine#vendorStates()}) to answer a past instant from the deck history
     * with the live availability.
     *
     * @param snapshot     the snapshot.
     * @param epochMsClock the wall clock in epoch milliseconds.
     * @param vendorStates availability and capacity by vendor id of the snapshot's ids.
     */
    public SingleThreadRouter(final RouteSnapshot snapshot, final LongSupplier epochMsClock,
        final VendorStates vendorStates)
    {
        this.vendorStates = Objects.requireNonNull(vendorStates, "vendorStates");
        this.selector = new RouteSelector(Objects.requireNonNull(snapshot, "snapshot"), new RouteResultPool(),
            vendorStates);
        this.epochMsClock = Objects.requireNonNull(epochMsClock, "epochMsClock");
    }

    /**
     * Vendor availability and capacity this router reads, by vendor id.
     *
     * @return the state.
     */
    public VendorStates vendorStates()
    {
        return vendorStates;
    }

    /**
     * The trunk ids of the current snapshot.
     *
     * @return the ids.
     */
    public TrunkIds trunkIds()
    {
        return selector.snapshot().ids;
    }

    /**
     * Answers a route query on the caller's thread, before returning.
     *
     * @param customerTrunk name of the customer trunk the call came from.
     * @param e164Number    the dialled number, digits only.
     * @param listener      told the result exactly once, before this method returns.
     */
    @Override
    public void route(final String customerTrunk, final CharSequence e164Number, final RouteListener listener)
    {
        listener.onRoute(route(customerTrunk, e164Number, epochMsClock.getAsLong()));
    }

    /**
     * Answers a route query at a given time, by customer name.
     *
     * @param customerTrunk name of the customer trunk.
     * @param e164Number    the dialled number, digits only.
     * @param nowMs         the query time, epoch milliseconds (rates and quality).
     * @return the result; release it when done with it (see {@link RouteResult}).
     */
    public RouteResult route(final String customerTrunk, final CharSequence e164Number, final long nowMs)
    {
        return route(trunkIds().customerId(customerTrunk), e164Number, nowMs);
    }

    /**
     * Answers a route query at a given time.
     *
     * @param customerId the customer trunk's id.
     * @param e164Number the dialled number, digits only.
     * @param nowMs      the query time, epoch milliseconds (rates and quality).
     * @return the result; release it when done with it (see {@link RouteResult}).
     */
    public RouteResult route(final int customerId, final CharSequence e164Number, final long nowMs)
    {
        final int length = e164Number.length();
        if (length > digits.length)
        {
            return RouteResult.NO_ROUTE;
        }
        for (int i = 0; i < length; i++)
        {
            digits[i] = e164Number.charAt(i);
        }
        return selector.route(customerId, digits, length, nowMs);
    }

    /**
     * Explains what a query would return; see {@link LcrEngine#simulate}.
     *
     * @param customerTrunk customer trunk name.
     * @param e164Number    the number after the customer's number rules.
     * @param at            whose rates to use.
     * @return the simulation.
     * @throws UnknownCustomerException when no customer trunk has that name.
     */
    public RouteSimulation simulate(final String customerTrunk, final String e164Number, final Instant at)
    {
        if (trunkIds().customerId(customerTrunk) < 0)
        {
            throw new UnknownCustomerException(customerTrunk, trunkIds().vendorId(customerTrunk) >= 0);
        }
        return selector.simulate(customerTrunk, e164Number, at, epochMsClock.getAsLong());
    }

    /**
     * Reports an attempt's final outcome; see {@link LcrEngine#onAttempt(int, CharSequence, int, long)}.
     *
     * @param vendor     vendor trunk name.
     * @param e164Number the number dialled.
     * @param sipCode    the final status.
     * @param pddMs      post-dial delay, or -1.
     */
    public void onAttempt(final String vendor, final String e164Number, final int sipCode, final long pddMs)
    {
        selector.recordAttempt(trunkIds().vendorId(vendor), e164Number.toCharArray(), e164Number.length(), sipCode,
            pddMs, epochMsClock.getAsLong());
    }

    /**
     * Swaps in a new snapshot; see {@link LcrEngine#swap}.
     *
     * @param snapshot the new snapshot.
     */
    public void swap(final RouteSnapshot snapshot)
    {
        selector.swap(Objects.requireNonNull(snapshot, "snapshot").numberedAfter(trunkIds()));
    }

    /**
     * Blocks or unblocks a vendor; see {@link LcrEngine#setVendorBlocked}.
     *
     * @param vendor  vendor trunk name.
     * @param blocked true to block.
     */
    public void setVendorBlocked(final String vendor, final boolean blocked)
    {
        selector.setVendorBlocked(Objects.requireNonNull(vendor, "vendor"), blocked);
    }

    /**
     * Blocks or unblocks every number that starts with a prefix; see {@link LcrEngine#setPrefixBlocked}.
     *
     * @param prefix  leading digits of the number.
     * @param blocked true to block.
     */
    public void setPrefixBlocked(final String prefix, final boolean blocked)
    {
        selector.setPrefixBlocked(Objects.requireNonNull(prefix, "prefix"), blocked);
    }

    /**
     * Blocks or unblocks one vendor for the numbers that start with a prefix; see
     * {@link LcrEngine#setVendorPrefixBlocked}.
     *
     * @param vendor  vendor trunk name.
     * @param prefix  leading digits of the number.
     * @param blocked true to block.
     */
    public void setVendorPrefixBlocked(final String vendor, final String prefix, final boolean blocked)
    {
        selector.setVendorPrefixBlocked(Objects.requireNonNull(vendor, "vendor"),
            Objects.requireNonNull(prefix, "prefix"), blocked);
    }

    /**
     * Marks a vendor down by name; see {@link VendorStates#setDown}.
     *
     * @param vendor vendor trunk name.
     * @param down   true when down.
     */
    public void setVendorDown(final String vendor, final boolean down)
    {
        vendorStates.setDown(trunkIds().vendorId(vendor), down);
    }

    /**
     * Marks a vendor at capacity by name; see {@link VendorStates#setAtCapacity}.
     *
     * @param vendor     vendor trunk name.
     * @param atCapacity true when full.
     */
    public void setVendorAtCapacity(final String vendor, final boolean atCapacity)
    {
        vendorStates.setAtCapacity(trunkIds().vendorId(vendor), atCapacity);
    }
}
