package io.softswitch.signaling.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The switch-wide signaling meters: responses by status class and direction, rejections by
 * reason, parse errors. Low cardinality by construction: no tag takes a per-call value.
 */
public final class SwitchMetrics
{
    /** Why an out-of-dialog request was refused before routing. */
    public enum Rejection
    {
        /** Source address is no customer trunk: 403. */
        UNKNOWN_SOURCE("unknown_source"),
        /** Customer trunk over its CPS limit: 503. */
        CPS_LIMIT("cps_limit"),
        /** Customer trunk over its concurrent-call limit: 503. */
        CONCURRENT_LIMIT("concurrent_limit"),
        /** The message did not parse or failed validation. */
        MALFORMED("malformed"),
        /** Max-Forwards reached zero: 483. */
        TOO_MANY_HOPS("too_many_hops"),
        /** Our own Via was in the request: 482. */
        LOOP("loop"),
        /** No route for the number: 404. */
        NO_ROUTE("no_route"),
        /** The customer has no sell rate for the number: 403. */
        NO_SELL_RATE("no_sell_rate"),
        /** The LCR engine's ring was full: 503. */
        ROUTER_OVERLOADED("router_overloaded"),
        /** Every routed vendor was down or at its limits: 503. */
        NO_VENDOR("no_vendor"),
        /** The event loops had fallen behind: shed with 503 before any work. */
        OVERLOAD("overload");

        private final String tag;

        Rejection(final String tag)
        {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Counter[] responsesIn = new Counter[7];
    private final Counter[] responsesOut = new Counter[7];
    private final Counter[] rejections = new Counter[Rejection.values().length];
    private final Counter parseErrors;
    private final Counter internalErrors;

    /**
     * Registers the switch-wide meters.
     *
     * @param registry where meters live.
     */
    public SwitchMetrics(final MeterRegistry registry)
    {
        this.registry = registry;
        for (int statusClass = 1; statusClass <= 6; statusClass++)
        {
            final String tag = statusClass + "xx";
            responsesIn[statusClass] = Counter.builder("softswitch.sip.responses")
                .description("SIP responses received (in) and sent (out), by status class")
                .tag("direction", "in").tag("class", tag).register(registry);
            responsesOut[statusClass] = Counter.builder("softswitch.sip.responses")
                .description("SIP responses received (in) and sent (out), by status class")
                .tag("direction", "out").tag("class", tag).register(registry);
        }
        for (final Rejection rejection : Rejection.values())
        {
            rejections[rejection.ordinal()] = Counter.builder("softswitch.calls.rejected")
                .description("requests refused before or while routing, switch-wide, by reason")
                .tag("reason", rejection.tag).register(registry);
        }
        parseErrors = Counter.builder("softswitch.sip.parse.errors")
            .description("SIP messages that did not parse or failed validation").register(registry);
        internalErrors = Counter.builder("softswitch.internal.errors")
            .description("messages or timers whose handling failed with an exception").register(registry);
    }

    /**
     * The registry, for meters owned by trunks.
     *
     * @return the registry.
     */
    public MeterRegistry registry()
    {
        return registry;
    }

    /**
     * Counts a response received.
     *
     * @param statusCode its code.
     */
    public void responseIn(final int statusCode)
    {
        responsesIn[statusClass(statusCode)].increment();
    }

    /**
     * Counts a response sent.
     *
     * @param statusCode its code.
     */
    public void responseOut(final int statusCode)
    {
        responsesOut[statusClass(statusCode)].increment();
    }

    /**
     * Counts a rejection.
     *
     * @param rejection why.
     */
    public void rejected(final Rejection rejection)
    {
        rejections[rejection.ordinal()].increment();
    }

    /**
     * Counts a message that did not parse.
     */
    public void parseError()
    {
        parseErrors.increment();
    }

    /**
     * Counts a message or timer whose handling threw: a bug, never a peer's fault.
     */
    public void internalError()
    {
        internalErrors.increment();
    }

    private static int statusClass(final int statusCode)
    {
        final int statusClass = statusCode / 100;
        return statusClass < 1 || statusClass > 6 ? 6 : statusClass;
    }
}
