package io.softswitch.signaling.call;

import io.softswitch.lcr.RouteListener;
import io.softswitch.lcr.RouteResult;

/**
 * One route query of a call: the listener the LCR engine answers, and the task that carries the
 * answer from the engine's thread to the loop that owns the call. Each call keeps one and reuses
 * it, so a query allocates nothing in steady state.
 *
 * <p>The generation is taken when the query is asked, so an answer that arrives after its call
 * ended (and the slot was reused) is recognised as stale and released, whatever the call is doing
 * by then. Memory visibility: the loop writes {@code generation} before handing the query to the
 * engine, whose queue publishes it; the engine writes {@code result} before
 * {@code eventLoop.execute(this)}, and the loop's task queue orders that write before
 * {@link #run()} reads it. {@code pending} is only touched on the owning loop.
 */
final class RouteQuery implements RouteListener, Runnable
{
    private final Call call;
    private final CallLoop loop;
    private int generation;
    private RouteResult result;
    private boolean pending;

    RouteQuery(final Call call, final CallLoop loop)
    {
        this.call = call;
        this.loop = loop;
    }

    /**
     * Whether an answer to this query is still to come; a reused call whose previous query is
     * still out needs another one.
     */
    boolean isPending()
    {
        return pending;
    }

    /**
     * Asks the engine, on the owning loop, for the routes of the call's current generation;
     * never waits.
     *
     * @return false when the engine is full and nothing was asked.
     */
    boolean ask(final int customerId, final CharSequence e164Number)
    {
        generation = call.generation;
        pending = true;
        if (!loop.context.engine.tryRoute(customerId, e164Number, this))
        {
            pending = false;
            return false;
        }
        return true;
    }

    /**
     * The engine's answer: taken at once on the owning loop, else handed to it.
     */
    @Override
    public void onRoute(final RouteResult answer)
    {
        if (loop.eventLoop.inEventLoop())
        {
            pending = false;
            deliver(answer);
            return;
        }
        result = answer;
        loop.eventLoop.execute(this);
    }

    /**
     * Runs on the owning loop: delivers the handed-over answer to the call.
     */
    @Override
    public void run()
    {
        final RouteResult answer = result;
        result = null;
        pending = false;
        loop.readClock();
        deliver(answer);
        loop.transport.flush();
    }

    private void deliver(final RouteResult answer)
    {
        if (call.generation == generation)
        {
            call.onRoute(answer);
        }
        else
        {
            // A stale answer: the call it was for is gone (cancelled, slot reused).
            answer.release();
        }
    }
}
