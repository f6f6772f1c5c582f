package io.softswitch.lcr;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The least-cost routing engine: a {@link Router} whose rate tables and quality statistics belong
 * to one thread ({@code lcr-engine}) fed by one LMAX Disruptor ring.
 *
 * <p>Every input is an event on the ring: route queries, attempt outcomes and call durations
 * (quality samples), snapshot swaps, blocks, and vendor availability. The handler thread applies
 * them in ring order, so the engine takes no lock, never sees a half-loaded deck, and a query
 * published after a swap is answered from the new snapshot while queries already on the ring
 * finish on the old one. Answers are given to the {@link RouteListener} on the engine thread;
 * the caller hands the result to its own thread (see {@link RouteResult} for who owns it).
 *
 * <p>Publishing never allocates: a route query is written into a preallocated slot by a static
 * translator, samples are claimed and filled in place. Back-pressure is a return value: when the
 * ring is full a query is answered {@link RouteResult#OVERLOADED} on the caller's thread and a
 * sample is dropped and counted. Administrative events (swap, block, availability, simulation)
 * wait for room instead, since losing them would be wrong rather than merely late.
 *
 * <p>An exception while handling an event is counted, the query it belonged to (if any) is
 * answered {@link RouteResult#NO_ROUTE}, and the ring moves on.
 */
public final class LcrEngine implements RoutingEngine, AutoCloseable
{
    /** Ring size used by {@link #start(RouteSnapshot, LongSupplier)}. */
    public static final int DEFAULT_RING_SIZE = 1 << 16;

    /** Name of the engine's thread. */
    public static final String THREAD_NAME = "lcr-engine";

    private final Disruptor<LcrEvent> disruptor;
    private final RingBuffer<LcrEvent> ring;
    private final RouteResultPool pool = new RouteResultPool();
    private final AtomicLong overloaded = new AtomicLong();
    private final AtomicLong droppedSamples = new AtomicLong();
    private final AtomicLong failedEvents = new AtomicLong();
    private final AtomicLong resultsAllocated = new AtomicLong();
    private volatile RouteSnapshot current;

    private LcrEngine(final RouteSnapshot snapshot, final LongSupplier epochMsClock, final int ringSize,
        final WaitStrategy waitStrategy)
    {
        current = snapshot;
        disruptor = new Disruptor<>(LcrEvent::new, ringSize, LcrEngine::newThread, ProducerType.MULTI, waitStrategy);
        disruptor.handleEventsWith(new Handler(new RouteSelector(snapshot, pool), epochMsClock));
        disruptor.setDefaultExceptionHandler(new FailureHandler());
        ring = disruptor.start();
    }

    /**
     * Starts an engine with a {@link BlockingWaitStrategy} (the thread sleeps when idle, so it
     * does not take a core from the signaling threads) and a ring of {@link #DEFAULT_RING_SIZE}.
     *
     * @param snapshot     the first snapshot.
     * @param epochMsClock the wall clock in epoch milliseconds, e.g. {@code System::currentTimeMillis};
     *                     read once per batch of events.
     * @return the running engine.
     */
    public static LcrEngine start(final RouteSnapshot snapshot, final LongSupplier epochMsClock)
    {
        return start(snapshot, epochMsClock, DEFAULT_RING_SIZE, new BlockingWaitStrategy());
    }

    /**
     * Starts an engine.
     *
     * @param snapshot     the first snapshot.
     * @param epochMsClock the wall clock in epoch milliseconds; read once per batch of events.
     * @param ringSize     slots in the ring, a power of two.
     * @param waitStrategy how the engine thread waits for events (busy spin for the lowest
     *                     latency when a core can be spared).
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

    /**
     * Publishes a route query; the listener is told the answer once, on the engine thread, or on
     * the caller's thread with {@link RouteResult#OVERLOADED} when the ring is full.
     *
     * @param customerTrunk name of the customer trunk the call came from.
     * @param e164Number    the dialled number, digits only; copied before this returns.
     * @param listener      told the result exactly once.
     */
    @Override
    public void route(final String customerTrunk, final CharSequence e164Number, final RouteListener listener)
    {
        if (!ring.tryPublishEvent(LcrEvent.ROUTE_TRANSLATOR, customerTrunk, e164Number, listener))
        {
            overloaded.incrementAndGet();
            listener.onRoute(RouteResult.OVERLOADED);
        }
    }

    /**
     * Reports the final outcome of one INVITE sent to a vendor, as a quality sample.
     *
     * @param vendor     vendor trunk name.
     * @param e164Number the number dialled, digits only.
     * @param sipCode    the final status (200 for an answered call, 486, 503, 408 for a timeout ...).
     * @param pddMs      milliseconds from the INVITE to the first 180/183, or -1 when none came.
     * @return false when the ring was full and the sample was dropped.
     */
    @Override
    public boolean onAttempt(final String vendor, final CharSequence e164Number, final int sipCode, final long pddMs)
    {
        return publishSample(LcrEvent.ATTEMPT, vendor, e164Number, sipCode, pddMs);
    }

    /**
     * Reports the duration of an answered call that ended, for the vendor's ACD.
     *
     * @param vendor     vendor trunk name.
     * @param e164Number the number dialled, digits only.
     * @param durationMs connected time in milliseconds.
     * @return false when the ring was full and the sample was dropped.
     */
    @Override
    public boolean onCallEnded(final String vendor, final CharSequence e164Number, final long durationMs)
    {
        return publishSample(LcrEvent.CALL_ENDED, vendor, e164Number, 0, durationMs);
    }

    /**
     * Swaps in a new snapshot (new decks or settings): queries published after this call are
     * answered from it, queries before it from the old one. Quality figures are kept unless the
     * window shape changed; vendor blocks and availability are kept.
     *
     * @param snapshot the new snapshot.
     */
    public void swap(final RouteSnapshot snapshot)
    {
        Objects.requireNonNull(snapshot, "snapshot");
        final long sequence = ring.next();
        try
        {
            ring.get(sequence).fillSwap(snapshot);
        }
        finally
        {
            ring.publish(sequence);
        }
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
     * Marks a vendor down (its OPTIONS probe failed) or up again.
     *
     * @param vendor vendor trunk name.
     * @param down   true when down.
     */
    @Override
    public void setVendorDown(final String vendor, final boolean down)
    {
        publishFlag(LcrEvent.VENDOR_DOWN, Objects.requireNonNull(vendor, "vendor"), null, down);
    }

    /**
     * Marks a vendor at capacity (no free channel) or free again.
     *
     * @param vendor     vendor trunk name.
     * @param atCapacity true when it can take no more calls.
     */
    @Override
    public void setVendorAtCapacity(final String vendor, final boolean atCapacity)
    {
        publishFlag(LcrEvent.VENDOR_AT_CAPACITY, Objects.requireNonNull(vendor, "vendor"), null, atCapacity);
    }

    /**
     * Runs the route simulator on the engine thread, against the live state (blocks,
     * availability, quality) and the rates in force at a given instant. Changes no state.
     *
     * @param customerTrunk customer trunk name.
     * @param e164Number    the dialled number.
     * @param at            whose rates to use (quality figures are always the current ones).
     * @return the simulation, completed by the engine thread.
     */
    public CompletableFuture<RouteSimulation> simulate(final String customerTrunk, final String e164Number,
        final Instant at)
    {
        Objects.requireNonNull(customerTrunk, "customerTrunk");
        Objects.requireNonNull(e164Number, "e164Number");
        Objects.requireNonNull(at, "at");
        final CompletableFuture<RouteSimulation> result = new CompletableFuture<>();
        final long sequence = ring.next();
        try
        {
            ring.get(sequence).fillSimulate(customerTrunk, e164Number, at, result);
        }
        finally
        {
            ring.publish(sequence);
        }
        return result;
    }

    /**
     * The snapshot the engine routes with, as of the last swap it handled.
     *
     * @return the snapshot.
     */
    public RouteSnapshot snapshot()
    {
        return current;
    }

    /**
     * Route queries answered {@link RouteResult#OVERLOADED} because the ring was full.
     *
     * @return the count.
     */
    public long overloadedQueries()
    {
        return overloaded.get();
    }

    /**
     * Quality samples dropped because the ring was full.
     *
     * @return the count.
     */
    public long droppedSamples()
    {
        return droppedSamples.get();
    }

    /**
     * Events whose handling threw (bad input or a listener that threw).
     *
     * @return the count.
     */
    public long failedEvents()
    {
        return failedEvents.get();
    }

    /**
     * Result holders allocated because none had been released to the pool.
     *
     * @return the count; flat in steady state when callers release their results.
     */
    public long resultsAllocated()
    {
        return resultsAllocated.get();
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

    private boolean publishSample(final int type, final String vendor, final CharSequence number, final int sipCode,
        final long valueMs)
    {
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            droppedSamples.incrementAndGet();
            return false;
        }
        try
        {
            ring.get(sequence).fillSample(type, vendor, number, sipCode, valueMs);
        }
        finally
        {
            ring.publish(sequence);
        }
        return true;
    }

    private void publishFlag(final int type, final String vendor, final String prefix, final boolean flag)
    {
        final long sequence = ring.next();
        try
        {
            ring.get(sequence).fillFlag(type, vendor, prefix, flag);
        }
        finally
        {
            ring.publish(sequence);
        }
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

    /**
     * The single writer: applies each event to the selector on the engine thread.
     */
    private final class Handler implements EventHandler<LcrEvent>
    {
        private final RouteSelector selector;
        private final LongSupplier epochMsClock;
        private long nowMs;
        private boolean clockDue = true;

        Handler(final RouteSelector selector, final LongSupplier epochMsClock)
        {
            this.selector = selector;
            this.epochMsClock = epochMsClock;
        }

        @Override
        public void onBatchStart(final long batchSize, final long queueDepth)
        {
            // Read in onEvent: a clock that throws there fails one event, answered by the
            // FailureHandler, instead of skipping an event the processor never handed over.
            clockDue = true;
        }

        @Override
        public void onEvent(final LcrEvent event, final long sequence, final boolean endOfBatch)
        {
            if (clockDue)
            {
                clockDue = false;
                nowMs = epochMsClock.getAsLong();
            }
            // On a throw the slot is cleared by the FailureHandler, which needs its contents.
            handle(event);
            event.clear();
        }

        private void handle(final LcrEvent event)
        {
            switch (event.type)
            {
                case LcrEvent.ROUTE ->
                {
                    final RouteResult result = event.length < 0
                        ? RouteResult.NO_ROUTE
                        : selector.route(event.trunk, event.digits, event.length, nowMs);
                    resultsAllocated.setRelease(selector.resultsAllocated());
                    event.answered = true;
                    event.listener.onRoute(result);
                }
                case LcrEvent.ATTEMPT -> sample(event.length >= 0
                    && selector.recordAttempt(event.trunk, event.digits, event.length, event.sipCode, event.valueMs, nowMs));
                case LcrEvent.CALL_ENDED -> sample(event.length >= 0
                    && selector.recordCallEnded(event.trunk, event.digits, event.length, event.valueMs, nowMs));
                case LcrEvent.SWAP ->
                {
                    selector.swap(event.snapshot);
                    current = event.snapshot;
                }
                case LcrEvent.VENDOR_BLOCK -> selector.setVendorBlocked(event.trunk, event.flag);
                case LcrEvent.PREFIX_BLOCK -> selector.setPrefixBlocked(event.prefix, event.flag);
                case LcrEvent.VENDOR_PREFIX_BLOCK -> selector.setVendorPrefixBlocked(event.trunk, event.prefix, event.flag);
                case LcrEvent.VENDOR_DOWN -> selector.setDown(event.trunk, event.flag);
                case LcrEvent.VENDOR_AT_CAPACITY -> selector.setAtCapacity(event.trunk, event.flag);
                case LcrEvent.SIMULATE -> event.simulation.complete(
                    selector.simulate(event.trunk, event.number, event.at, nowMs));
                default -> throw new IllegalStateException("unknown event: type=" + event.type);
            }
        }

        private void sample(final boolean counted)
        {
            if (!counted)
            {
                failedEvents.incrementAndGet();
            }
        }
    }

    /**
     * Keeps the ring moving when an event fails: counts it and still answers its caller.
     */
    private final class FailureHandler implements ExceptionHandler<LcrEvent>
    {
        @Override
        public void handleEventException(final Throwable ex, final long sequence, final LcrEvent event)
        {
            failedEvents.incrementAndGet();
            if (event == null)
            {
                return;
            }
            if (event.type == LcrEvent.ROUTE && !event.answered)
            {
                event.answered = true;
                try
                {
                    event.listener.onRoute(RouteResult.NO_ROUTE);
                }
                catch (final RuntimeException listenerFailure)
                {
                    failedEvents.incrementAndGet();
                }
            }
            else if (event.type == LcrEvent.SIMULATE)
            {
                event.simulation.completeExceptionally(ex);
            }
            event.clear();
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            failedEvents.incrementAndGet();
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            failedEvents.incrementAndGet();
        }
    }
}
