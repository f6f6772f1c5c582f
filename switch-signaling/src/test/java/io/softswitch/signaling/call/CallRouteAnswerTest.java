package io.softswitch.signaling.call;

import io.softswitch.lcr.RouteListener;
import io.softswitch.lcr.RouteResult;
import io.softswitch.lcr.RoutingEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
    private final List<RouteListener> queries = new ArrayList<>();
    private RouteResult immediateAnswer;
    private EmbeddedCallLoop calls;

    /** Answers {@code immediateAnswer} at once, or, when it is null, keeps the query for later. */
    private final class ScriptedEngine implements RoutingEngine
    {
        @Override
        public void route(final String customerTrunk, final CharSequence e164Number, final RouteListener listener)
        {
            if (immediateAnswer != null)
            {
                listener.onRoute(immediateAnswer);
            }
            else
            {
                queries.add(listener);
            }
        }

        @Override
        public boolean onAttempt(final String vendor, final CharSequence e164Number, final int sipCode, final long pddMs)
        {
            return true;
        }

        @Override
        public boolean onCallEnded(final String vendor, final CharSequence e164Number, final long durationMs)
        {
            return true;
        }

        @Override
        public void setVendorDown(final String vendor, final boolean down)
        {
        }

        @Override
        public void setVendorAtCapacity(final String vendor, final boolean atCapacity)
        {
        }
    }

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    @Test
    void shouldAnswer503WithRetryAfterAndOfferNobodyWhenTheEngineIsOverloaded()
    {
        immediateAnswer = RouteResult.OVERLOADED;
        calls = new EmbeddedCallLoop(new ScriptedEngine(), 3_000);

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
    void shouldReleaseTheAnswerOfAnEndedCallAndRouteTheCallThatReusedItsSlot()
    {
        calls = new EmbeddedCallLoop(new ScriptedEngine(), 3_000);
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

        queries.get(0).onRoute(RouteResult.routed(List.of("vendor-1")));
        calls.flush();
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).isEmpty();

        queries.get(1).onRoute(RouteResult.routed(List.of("vendor-2")));
        calls.flush();
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).isEmpty();
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 4")).hasSize(1);
    }
}
