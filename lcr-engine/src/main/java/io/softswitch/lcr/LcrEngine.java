package io.softswitch.lcr;

import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The least-cost routing engine: rate tables and quality statistics that belong to one thread
 * ({@code lcr-engine}) fed by one LMAX Disruptor ring.
 *
 * <p>Route queries, quality samples, snapshot swaps, blocks and simulations are events on the
 * ring. The handler thread applies them in ring order, so the engine takes no lock, never sees a
 * half-loaded deck, and a query published after a swap is answered from the new snapshot while
 * queries already on the ring finish on the old one. Answers are given to the
 * {@link RouteListener} on the engine thread; the caller hands the result to its own thread (see
 * {@link RouteResult} for who owns it). Vendor availability and capacity are not events: they
 * are {@link VendorStates} that the switch writes and each query reads.
 *
 * <p><b>The call path never waits.</b> A query or sample claims a slot with {@code tryNext}
 * and, when the ring is full, returns {@code false} at once (counted in
 * {@link #overloadedQueries()} and {@link #droppedSamples()}); the caller answers 503 with
 * Retry-After. The engine thread waits for work with a {@link SignalledWaitStrategy} (spin, then
 * sleep on a futex until a publisher wakes it): a query wakes a sleeping engine with one system
 * call and no lock, a quality sample wakes nobody and is handled with the next query (or within
 * {@link SignalledWaitStrategy#DEFAULT_MAX_SLEEP_NS}), and an idle engine wakes about twenty times a
 * second. Where futexes cannot be called it falls back to the {@link BackoffWaitStrategy} (spin,
 * then park for doubling durations up to a millisecond), whose publishers signal nobody.
 * Administrative events (swap, blocks,
 * simulation) come from the admin thread and wait for room, since losing them would be wrong
 * rather than merely late; that wait spins and parks, it takes no lock either. The events are
 * applied by an {@code LcrEventHandler}.
 *
 * <p>Queries and samples never allocate: a slot is claimed and filled in place ({@link LcrRing}). An exception while
 * handling an event is counted, the query it belonged to (if any) is answered
 * {@link RouteResult#NO_ROUTE}, and the ring moves on.
 */
@SuppressWarnings("deprecation")
public final class LcrEngine implements CallRouting, RoutingEngine, AutoCloseable
{
    /** Ring size used by {@link #start(RouteSnapshot, LongSupplier)}. */
    public static final int DEFAULT_RING_SIZE = 1 << 16;

    /** Name of the engine's thread. */
    public static final String THREAD_NAME = "lcr-engine";

    private final Disruptor<LcrEvent> disruptor;
    private final LcrRing ring;
    private final RouteResultPool pool = new RouteResultPool();
    private final VendorStates vendorStates = new VendorStates(TrunkIds.MAX_IDS);
    private final LcrEventHandler handler;
    /** Ids of the newest snapshot handed to {@link #swap}; queries and reports are numbered by them. */
    private volatile TrunkIds ids;

    private LcrEngine(final RouteSnapshot snapshot, final LongSupplier epochMsClock, final int ringSize,
        final WaitStrategy waitStrategy)
    {
        ids = snapshot.ids;
        handler = new LcrEventHandler(new RouteSelector(snapshot, pool, vendorStates), epochMsClock);
        disruptor = new Disruptor<>(LcrEvent::new, ringSize, LcrEngine::newThread, ProducerType.MULTI, waitStrategy);
        disruptor.handleEventsWith(handler);
        disruptor.setDefaultExceptionHandler(handler);
        ring = new LcrRing(disruptor.start(),
            waitStrategy instanceof final SignalledWaitStrategy strategy ? strategy : null);
    }

    /**
     * Starts an engine with a ring of {@link #DEFAULT_RING_SIZE} whose thread waits with a
     * {@link SignalledWaitStrategy} where it is available, else a {@link BackoffWaitStrategy}.
     *
     * @param snapshot     the first snapshot.
     * @param epochMsClock the wall clock in epoch milliseconds, e.g. {@code System::currentTimeMillis};
     *                     read once per batch of events.
     * @return the running engine.
     */
    public static LcrEngine start(final RouteSnapshot snapshot, final LongSupplier epochMsClock)
    {
        return start(snapshot, epochMsClock, 0);
    }

    /**
     * Starts an engine as {@link #start(RouteSnapshot, LongSupplier)} does, whose thread, having
     * just handled events, sleeps out a window before it looks for more, so that a stream of
     * queries wakes it about once per window instead of once per query (with a
     * {@link SignalledWaitStrategy} only).
     *
     * @param snapshot     the first snapshot.
     * @param epochMsClock the wall clock in epoch milliseconds; read once per batch of events.
     * @param windowNs     the window in nanoseconds; 0 for none.
     * @return the running engine.
     */
    public static LcrEngine start(final RouteSnapshot snapshot, final LongSupplier epochMsClock, final long windowNs)
    {
        return start(snapshot, epochMsClock, DEFAULT_RING_SIZE, SignalledWaitStrategy.isAvailable() ?
            new SignalledWaitStrategy(SignalledWaitStrategy.DEFAULT_MAX_SPINS, SignalledWaitStrategy.DEFAULT_MAX_SLEEP_NS,
                windowNs) : new BackoffWaitStrategy());
    }

    /**
     * Starts an engine.
     *
     * @param snapshot     the first snapshot.
     * @param epochMsClock the wall clock in epoch milliseconds; read once per batch of events.
     * @param ringSize     slots in the ring, a power of two.
     * @param waitStrategy how the engine thread waits for events. Choose one whose
     *                     {@code signalAllWhenBlocking} is free (signalled, back-off, sleeping, yielding,
     *                     busy spin): a blocking strategy makes every publisher take its lock. A
     *                     {@link SignalledWaitStrategy} is woken after every event but quality samples.
     * @return the running engine.
     */
    public static LcrEngine start(final RouteSnapshot snapshot, final LongSupplier epochMsClock, final int ringSize,
        final WaitStrategy waitStrategy)
    {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(epochMsClock, "epochMsClock");
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        if (Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two: ringSize=" + ringSize);
        }
        return new LcrEngine(snapshot, epochMsClock, ringSize, waitStrategy);
    }

    @Override
    public TrunkIds trunkIds()
    {
        return ids;
    }

    @Override
    public VendorStates vendorStates()
    {
        return vendorStates;
    }

    /**
     * Publishes a route query if the ring has room; never waits, never locks, never allocates.
     *
     * @param customerId the customer trunk's id; an id without a sell deck is answered
     *                   {@link RouteResult#NO_SELL_RATE}.
     * @param e164Number the dialled number, digits only; copied before this returns. Longer than
     *                   32 digits is answered {@link RouteResult#NO_ROUTE}.
     * @param listener   told the result exactly once, on the engine thread, when this returns true.
     * @return false when the ring was full: counted in {@link #overloadedQueries()}, the listener
     *         is not called.
     */
    @Override
    public boolean tryRoute(final int customerId, final CharSequence e164Number, final RouteListener listener)
    {
        return ring.tryRoute(customerId, e164Number, listener);
    }

    @Override
    public boolean onAttempt(final int vendorId, final CharSequence e164Number, final int sipCode, final long pddMs)
    {
        return ring.trySample(LcrEvent.ATTEMPT, vendorId, e164Number, sipCode, pddMs);
    }

    @Override
    public boolean onCallEnded(final int vendorId, final CharSequence e164Number, final long durationMs)
    {
        return ring.trySample(LcrEvent.CALL_ENDED, vendorId, e164Number, 0, durationMs);
    }

    /**
     * Publishes a route query by customer name; the listener is told the answer once, on the
     * engine thread, or on the caller's thread with {@link RouteResult#OVERLOADED} when the ring is
     * full.
     *
     * @param customerTrunk name of the customer trunk the call came from.
     * @param e164Number    the dialled number, digits only; copied before this returns.
     * @param listener      told the result exactly once.
     * @deprecated use {@link #tryRoute(int, CharSequence, RouteListener)} with the id.
     */
    @Deprecated
    @Override
    public void route(final String customerTrunk, final CharSequence e164Number, final RouteListener listener)
    {
        if (!tryRoute(ids.customerId(customerTrunk), e164Number, listener))
        {
            listener.onRoute(RouteResult.OVERLOADED);
        }
    }

    /**
     * Reports an attempt's outcome by vendor name.
     *
     * @param vendor     vendor trunk name.
     * @param e164Number the number dialled, digits only.
     * @param sipCode    the final status.
     * @param pddMs      post-dial delay, or -1.
     * @return false when the sample was dropped.
     * @deprecated use {@link #onAttempt(int, CharSequence, int, long)} with the id.
     */
    @Deprecated
    @Override
    public boolean onAttempt(final String vendor, final CharSequence e164Number, final int sipCode, final long pddMs)
    {
        return onAttempt(ids.vendorId(vendor), e164Number, sipCode, pddMs);
    }

    /**
     * Reports an answered call's duration by vendor name.
     *
     * @param vendor     vendor trunk name.
     * @param e164Number the number dialled, digits only.
     * @param durationMs connected time in milliseconds.
     * @return false when the sample was dropped.
     * @deprecated use {@link #onCallEnded(int, CharSequence, long)} with the id.
     */
    @Deprecated
    @Override
    public boolean onCallEnded(final String vendor, final CharSequence e164Number, final long durationMs)
    {
        return onCallEnded(ids.vendorId(vendor), e164Number, durationMs);
    }

    /**
     * Marks a vendor down or up by name: writes {@link #vendorStates()}, never waits.
     *
     * @param vendor vendor trunk name; unknown names are ignored.
     * @param down   true when down.
     * @deprecated write {@link #vendorStates()} with the vendor's id.
     */
    @Deprecated
    @Override
    public void setVendorDown(final String vendor, final boolean down)
    {
        final int id = ids.vendorId(vendor);
        if (id >= 0)
        {
            vendorStates.setDown(id, down);
        }
    }

    /**
     * Marks a vendor at or below capacity by name: writes {@link #vendorStates()}, never waits.
     *
     * @param vendor     vendor trunk name; unknown names are ignored.
     * @param atCapacity true when full.
     * @deprecated write {@link #vendorStates()} with the vendor's id.
     */
    @Deprecated
    @Override
    public void setVendorAtCapacity(final String vendor, final boolean atCapacity)
    {
        final int id = ids.vendorId(vendor);
        if (id >= 0)
        {
            vendorStates.setAtCapacity(id, atCapacity);
        }
    }

    /**
     * Swaps in a new snapshot (new decks or settings): queries published after this call are
     * answered from it, queries before it from the old one. Quality figures are kept unless the
     * window shape changed; vendor blocks and availability are kept. Admin thread only: waits
     * for room on a full ring.
     *
     * @param snapshot the new snapshot. Trunk ids are never renumbered: when the snapshot's ids
     *                 do not extend the engine's, it is numbered by the engine's ids extended with
     *                 its trunks (new trunks get the next ids), so an id the switch holds keeps
     *                 meaning the same trunk.
     * @throws IllegalArgumentException when a new trunk's name differs from a known one only in case.
     */
    public synchronized void swap(final RouteSnapshot snapshot)
    {
        Objects.requireNonNull(snapshot, "snapshot");
        final RouteSnapshot numbered = snapshot.numberedAfter(ids);
        ids = numbered.ids;
        ring.publish(event -> event.fillSwap(numbered));
    }

    /**
     * Blocks or unblocks a vendor for every number.
     *
     * @param vendor  vendor trunk name.
     * @param blocked true to block.
     */
    public void setVendorBlocked(final String vendor, final boolean blocked)
    {
        publishFlag(LcrEvent.VENDOR_BLOCK, Objects.requireNonNull(vendor, "vendor"), null, blocked);
    }

    /**
     * Blocks or unblocks every number that starts with a prefix, for every vendor.
     *
     * @param prefix  leading digits of the number.
     * @param blocked true to block.
     */
    public void setPrefixBlocked(final String prefix, final boolean blocked)
    {
        publishFlag(LcrEvent.PREFIX_BLOCK, null, digits(prefix), blocked);
    }

    /**
     * Blocks or unblocks one vendor for the numbers that start with a prefix.
     *
     * @param vendor  vendor trunk name.
     * @param prefix  leading digits of the number.
     * @param blocked true to block.
     */
    public void setVendorPrefixBlocked(final String vendor, final String prefix, final boolean blocked)
    {
        publishFlag(LcrEvent.VENDOR_PREFIX_BLOCK, Objects.requireNonNull(vendor, "vendor"), digits(prefix), blocked);
    }

    /**
     * Runs the route simulator on the engine thread, against the live state (blocks,
     * availability, quality) and the rates in force at a given instant. Changes no state.
     *
     * @param customerTrunk customer trunk name.
     * @param e164Number    the number after the customer's number rules.
     * @param at            whose rates to use (quality figures are always the current ones); the
     *                      snapshot holds the rates in force when it was loaded and later, so an
     *                      earlier instant is answered from the deck history by the caller.
     * @return the simulation, completed by the engine thread.
     * @throws UnknownCustomerException when no customer trunk has that name.
     */
    public CompletableFuture<RouteSimulation> simulate(final String customerTrunk, final String e164Number,
        final Instant at)
    {
        Objects.requireNonNull(customerTrunk, "customerTrunk");
        Objects.requireNonNull(e164Number, "e164Number");
        Objects.requireNonNull(at, "at");
        final TrunkIds known = ids;
        if (known.customerId(customerTrunk) < 0)
        {
            throw new UnknownCustomerException(customerTrunk, known.vendorId(customerTrunk) >= 0);
        }
        final CompletableFuture<RouteSimulation> result = new CompletableFuture<>();
        ring.publish(event -> event.fillSimulate(customerTrunk, e164Number, at, result));
        return result;
    }

    /**
     * The snapshot the engine routes with, as of the last swap it handled.
     *
     * @return the snapshot.
     */
    public RouteSnapshot snapshot()
    {
        return handler.snapshot();
    }

    /**
     * Route queries refused because the ring was full ({@link #tryRoute} returned false, or the
     * deprecated {@link #route} answered {@link RouteResult#OVERLOADED}).
     *
     * @return the count.
     */
    public long overloadedQueries()
    {
        return ring.overloaded();
    }

    /**
     * Quality samples dropped because the ring was full.
     *
     * @return the count.
     */
    public long droppedSamples()
    {
        return ring.droppedSamples();
    }

    /**
     * Events whose handling threw (bad input or a listener that threw).
     *
     * @return the count.
     */
    public long failedEvents()
    {
        return handler.failedEvents();
    }

    /**
     * Result holders allocated because none had been released to the pool.
     *
     * @return the count; flat in steady state when callers release their results.
     */
    public long resultsAllocated()
    {
        return handler.resultsAllocated();
    }

    /**
     * Whether the engine thread sleeps until a query wakes it ({@link SignalledWaitStrategy}).
     *
     * @return true when it does; false when it polls with another strategy.
     */
    boolean wakesOnQueries()
    {
        return ring.wakesOnQueries();
    }

    /**
     * Stops the engine thread after the events already published are handled.
     */
    @Override
    public void close()
    {
        try
        {
            disruptor.shutdown(5, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            disruptor.halt();
        }
    }

    private void publishFlag(final int type, final String vendor, final String prefix, final boolean flag)
    {
        ring.publish(event -> event.fillFlag(type, vendor, prefix, flag));
    }

    private static String digits(final String prefix)
    {
        if (prefix.isEmpty() || !prefix.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new IllegalArgumentException("prefix must be digits: prefix=" + prefix);
        }
        return prefix;
    }

    private static Thread newThread(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
    }
}
