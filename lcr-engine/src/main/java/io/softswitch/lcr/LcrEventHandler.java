package io.softswitch.lcr;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The {@link LcrEngine}'s single writer: applies each event of the ring to the
 * {@link RouteSelector} on the engine thread, and keeps the ring moving when one fails (counts
 * it and still answers its caller).
 */
final class LcrEventHandler implements EventHandler<LcrEvent>, ExceptionHandler<LcrEvent>
{
    private final RouteSelector selector;
    private final LongSupplier epochMsClock;
    private final AtomicLong failedEvents = new AtomicLong();
    private final AtomicLong resultsAllocated = new AtomicLong();
    private volatile RouteSnapshot current;
    private long nowMs;
    private boolean clockDue = true;

    LcrEventHandler(final RouteSelector selector, final LongSupplier epochMsClock)
    {
        this.selector = selector;
        this.epochMsClock = epochMsClock;
        this.current = selector.snapshot();
    }

    /** The snapshot of the last swap handled. */
    RouteSnapshot snapshot()
    {
        return current;
    }

    /** Events whose handling threw. */
    long failedEvents()
    {
        return failedEvents.get();
    }

    /** Result holders allocated because none had been released to the pool. */
    long resultsAllocated()
    {
        return resultsAllocated.get();
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        // Read in onEvent: a clock that throws there fails one event, answered by
        // handleEventException, instead of skipping an event the processor never handed over.
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
        // On a throw the slot is cleared by handleEventException, which needs its contents.
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
                    : selector.route(event.id, event.digits, event.length, nowMs);
                resultsAllocated.setRelease(selector.resultsAllocated());
                event.answered = true;
                event.listener.onRoute(result);
            }
            case LcrEvent.ATTEMPT -> sample(event.length >= 0
                && selector.recordAttempt(event.id, event.digits, event.length, event.sipCode, event.valueMs, nowMs));
            case LcrEvent.CALL_ENDED -> sample(event.length >= 0
                && selector.recordCallEnded(event.id, event.digits, event.length, event.valueMs, nowMs));
            case LcrEvent.SWAP ->
            {
                selector.swap(event.snapshot);
                current = event.snapshot;
            }
            case LcrEvent.VENDOR_BLOCK -> selector.setVendorBlocked(event.trunk, event.flag);
            case LcrEvent.PREFIX_BLOCK -> selector.setPrefixBlocked(event.prefix, event.flag);
            case LcrEvent.VENDOR_PREFIX_BLOCK -> selector.setVendorPrefixBlocked(event.trunk, event.prefix, event.flag);
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
