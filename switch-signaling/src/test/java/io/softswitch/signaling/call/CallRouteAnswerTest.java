package io.softswitch.signaling.call;

import io.softswitch.lcr.RouteListener;
import io.softswitch.lcr.RouteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.softswitch.signaling.call.EmbeddedCallLoop.CUSTOMER;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_1;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_2;
import static io.softswitch.signaling.call.EmbeddedCallLoop.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a call does with each answer of the routing engine, the engine played by the test: it
 * answers with a given outcome at once, or keeps the query and answers when the test says.
 */
class CallRouteAnswerTest
{
    private final ScriptedRouting routing = new ScriptedRouting();
    private final List<RouteListener> queries = routing.queries;
    private EmbeddedCallLoop calls;

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    @Test
    void shouldAnswer503WithRetryAfterAndOfferNobodyWhenTheEngineIsOverloaded()
    {
        routing.answer = RouteResult.OVERLOADED;
        calls = new EmbeddedCallLoop(routing, 3_000);

        calls.customerInvite();

        final List<EmbeddedCallLoop.Sent> refused = calls.sentTo(CUSTOMER, "SIP/2.0 503");
        assertThat(refused).hasSize(1);
        assertThat(header(refused.getFirst().text(), "Retry-After")).isNotBlank();
        assertThat(calls.sentTo(VENDOR_1, "")).isEmpty();
        assertThat(calls.sentTo(VENDOR_2, "")).isEmpty();
        assertThat(calls.registry.get("softswitch.calls.rejected").tag("reason", "router_overloaded").counter()
            .count()).isEqualTo(1.0);
    }

    @Test
    void shouldAnswer503AtOnceAndOfferNobodyWhenTheEngineRingIsFull()
    {
        routing.full = true;
        calls = new EmbeddedCallLoop(routing, 3_000);

        calls.customerInvite();

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).hasSize(1);
        assertThat(calls.sentTo(VENDOR_1, "")).isEmpty();
        assertThat(calls.registry.get("softswitch.calls.rejected").tag("reason", "router_overloaded").counter()
            .count()).isEqualTo(1.0);
        assertThat(calls.registry.get("softswitch.calls.ended").tag("reason", "overload").counter()
            .count()).isEqualTo(1.0);
    }

    @Test
    void shouldReleaseTheAnswerOfAnEndedCallAndRouteTheCallThatReusedItsSlot()
    {
        calls = new EmbeddedCallLoop(routing, 3_000);
        calls.customerInvite();
        calls.customerRequest("CANCEL", "customer-call-1", "z9hG4bK-c1", null);
        final String terminated = calls.sentTo(CUSTOMER, "SIP/2.0 487").getFirst().text();
        final String toTag = header(terminated, "To").substring(header(terminated, "To").indexOf(";tag=") + 5);
        calls.customerRequest("ACK", "customer-call-1", "z9hG4bK-c1", toTag);
        // Timer J (64*T1) ends the CANCEL's server transaction: the call goes back to the pool.
        calls.advanceMs(32_100);
        assertThat(calls.loop.callCount()).isZero();

        calls.customerRequest("INVITE", "customer-call-2", "z9hG4bK-c2", null);
        assertThat(queries).hasSize(2);
        // The first query is still out, so the reused call asks through a query of its own.
        assertThat(queries.get(1)).isNotSameAs(queries.get(0));

        queries.get(0).onRoute(ScriptedRouting.routed("vendor-1"));
        calls.flush();
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).isEmpty();

        queries.get(1).onRoute(ScriptedRouting.routed("vendor-2"));
        calls.flush();
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).isEmpty();
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 4")).hasSize(1);
    }
}
