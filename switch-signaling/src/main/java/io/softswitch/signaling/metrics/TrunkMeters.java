package io.softswitch.signaling.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The call counters of one trunk, resolved once so that the call path only increments.
 */
public final class TrunkMeters
{
    private final Counter offered;
    private final Counter answered;
    private final Counter failed;

    /**
     * Registers the counters of a trunk.
     *
     * @param registry where meters live.
     * @param side     {@code customer} or {@code vendor}.
     * @param trunk    the trunk's name.
     */
    public TrunkMeters(final MeterRegistry registry, final String side, final String trunk)
    {
        offered = Counter.builder("softswitch.calls.offered").tag("side", side).tag("trunk", trunk)
            .description("calls (customer side) or attempts (vendor side) offered").register(registry);
        answered = Counter.builder("softswitch.calls.answered").tag("side", side).tag("trunk", trunk)
            .description("calls or attempts answered with 2xx").register(registry);
        failed = Counter.builder("softswitch.calls.failed").tag("side", side).tag("trunk", trunk)
            .description("calls or attempts that ended without an answer").register(registry);
    }

    /**
     * Counts a call or attempt offered.
     */
    public void offered()
    {
        offered.increment();
    }

    /**
     * Counts a call or attempt answered.
     */
    public void answered()
    {
        answered.increment();
    }

    /**
     * Counts a call or attempt that failed.
     */
    public void failed()
    {
        failed.increment();
    }
}
