package io.softswitch.signaling.call;

import io.softswitch.lcr.RouteResult;
import io.softswitch.signaling.SwitchHooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.softswitch.signaling.call.EmbeddedCallLoop.CUSTOMER;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_1;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_2;
import static io.softswitch.signaling.call.EmbeddedCallLoop.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@link CallEndListener} sees for every way a call can end, on an embedded loop with a
 * manual clock (the wall clock reads the manual clock in milliseconds, so every time is known):
 * one report per call, with its end reason, who hung up, the codes and the times of the call and
 * of each attempt.
 */
class CallEndListenerTest
{
    /** A copy of what the listener saw, taken during the call as the contract asks. */
    record Ended(String trunk, String callId, String calling, String calledReceived, String calledNormalised,
        long inviteMs, long firstProvisionalMs, long answerMs, long endMs, int customerCode, EndReason reason,
        Party party, String sellPrefix, long sellRate, List<Attempt> attempts)
    {
    }

    /** One attempt as the listener saw it. */
    record Attempt(String vendor, String callId, String numberSent, long startMs, long firstProvisionalMs,
        long answerMs, long endMs, int code, String prefix, long rate)
    {
    }

    private final List<Ended> ended = new ArrayList<>();
    private final AtomicBoolean diskFull = new AtomicBoolean();
    private final ScriptedRouting routing = new ScriptedRouting("vendor-1", "vendor-2");
    private EmbeddedCallLoop calls;

    private void record(final EndedCall call)
    {
        final List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < call.attemptCount(); i++)
        {
            attempts.add(new Attempt(call.vendorTrunk(i).toString(), call.vendorCallId(i).toString(),
                call.calledNumberSent(i).toString(), call.attemptStartEpochMs(i), call.attemptFirstProvisionalEpochMs(i),
                call.attemptAnswerEpochMs(i), call.attemptEndEpochMs(i), call.attemptFinalCode(i),
                call.vendorPrefix(i).toString(), call.vendorRateMicrosPerMinute(i)));
        }
        ended.add(new Ended(call.customerTrunk().toString(), call.customerCallId().toString(),
            call.callingNumber().toString(), call.calledNumberReceived().toString(),
            call.calledNumberNormalised().toString(), call.inviteReceivedEpochMs(), call.firstProvisionalEpochMs(),
            call.answerEpochMs(), call.endEpochMs(), call.customerFinalCode(), call.endReason(), call.hungUpBy(),
            call.sellPrefix().toString(), call.sellRateMicrosPerMinute(), List.copyOf(attempts)));
    }

    private void start()
    {
        calls = new EmbeddedCallLoop(routing, 3_000, SwitchHooks.none()
            .withCallEndListener(this::record)
            .withAdmissionRefusal("cdr_disk_full", diskFull::get));
    }

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    private String answeredCall()
    {
        calls.customerInvite();
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        calls.advanceMs(100);
        calls.vendorResponse(invite, VENDOR_1, 180, "v-tag");
        calls.advanceMs(2_000);
        calls.vendorResponse(invite, VENDOR_1, 200, "v-tag");
        final String ok = calls.sentTo(CUSTOMER, "SIP/2.0 200").getFirst().text();
        final String toTag = header(ok, "To").substring(header(ok, "To").indexOf(";tag=") + 5);
        calls.customerRequest("ACK", "customer-call-1", "z9hG4bK-ack", toTag);
        assertThat(calls.sentTo(VENDOR_1, "ACK")).hasSize(1);
        return toTag;
    }

    @Test
    void shouldReportAnAnsweredCallEndedByTheCustomerWithItsTimesAndAttempt()
    {
        start();
        final long inviteMs = calls.nowMs();
        final String toTag = answeredCall();
        calls.advanceMs(60_000);
        final long endMs = calls.nowMs();

        calls.customerRequest("BYE", "customer-call-1", "z9hG4bK-bye", toTag);

        assertThat(calls.sentTo(VENDOR_1, "BYE")).hasSize(1);
        assertThat(ended).hasSize(1);
        final Ended call = ended.getFirst();
        assertThat(call.reason()).isEqualTo(EndReason.CUSTOMER_BYE);
        assertThat(call.party()).isEqualTo(Party.CUSTOMER);
        assertThat(call.trunk()).isEqualTo("customer");
        assertThat(call.callId()).isEqualTo("customer-call-1");
        assertThat(call.calling()).isEqualTo("alice");
        assertThat(call.calledReceived()).isEqualTo("442079460000");
        assertThat(call.calledNormalised()).isEqualTo("442079460000");
        assertThat(call.customerCode()).isEqualTo(200);
        assertThat(call.inviteMs()).isEqualTo(inviteMs);
        // The embedded clock moves in 4 ms ticks.
        assertThat(call.firstProvisionalMs()).isBetween(inviteMs + 100, inviteMs + 104);
        assertThat(call.answerMs()).isBetween(inviteMs + 2_100, inviteMs + 2_108);
        assertThat(call.endMs()).isEqualTo(endMs);
        assertThat(call.attempts()).hasSize(1);
        final Attempt attempt = call.attempts().getFirst();
        assertThat(attempt.vendor()).isEqualTo("vendor-1");
        assertThat(attempt.callId()).isEqualTo(header(calls.sentTo(VENDOR_1, "INVITE").getFirst().text(), "Call-ID"));
        assertThat(attempt.numberSent()).isEqualTo("442079460000");
        assertThat(attempt.startMs()).isEqualTo(inviteMs);
        assertThat(attempt.firstProvisionalMs()).isEqualTo(call.firstProvisionalMs());
        assertThat(attempt.answerMs()).isEqualTo(call.answerMs());
        assertThat(attempt.endMs()).isEqualTo(endMs);
        assertThat(attempt.code()).isEqualTo(200);
        assertThat(calls.registry.get("softswitch.calls.ended").tag("trunk", "customer")
            .tag("reason", "customer_bye").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldReportVendorByeAsEndedByTheVendor()
    {
        start();
        answeredCall();
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();

        calls.receive("BYE sip:sw@192.0.2.1:5060 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-vbye\n" +
            "Max-Forwards: 70\n" +
            "From: " + header(invite, "To") + ";tag=v-tag\n" +
            "To: " + header(invite, "From") + "\n" +
            "Call-ID: " + header(invite, "Call-ID") + "\n" +
            "CSeq: 1 BYE\n" +
            "Content-Length: 0\n\n", VENDOR_1);

        assertThat(calls.sentTo(VENDOR_1, "SIP/2.0 200")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "BYE")).hasSize(1);
        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.VENDOR_BYE);
            assertThat(call.party()).isEqualTo(Party.VENDOR);
            assertThat(call.customerCode()).isEqualTo(200);
        });
    }

    @Test
    void shouldReportCancelBeforeAnswerWith487AndTheCancelledAttempt()
    {
        start();
        calls.customerInvite();
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        calls.vendorResponse(invite, VENDOR_1, 180, "v-tag");
        calls.advanceMs(500);
        final long cancelMs = calls.nowMs();

        calls.customerRequest("CANCEL", "customer-call-1", "z9hG4bK-c1", null);

        assertThat(calls.sentTo(VENDOR_1, "CANCEL")).hasSize(1);
        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.CUSTOMER_CANCEL);
            assertThat(call.party()).isEqualTo(Party.CUSTOMER);
            assertThat(call.customerCode()).isEqualTo(487);
            assertThat(call.answerMs()).isZero();
            assertThat(call.endMs()).isEqualTo(cancelMs);
            assertThat(call.attempts()).singleElement().satisfies(attempt ->
            {
                assertThat(attempt.code()).isEqualTo(487);
                assertThat(attempt.answerMs()).isZero();
                assertThat(attempt.endMs()).isEqualTo(cancelMs);
            });
        });
    }

    @Test
    void shouldReportEveryAttemptWhenTheHuntFails()
    {
        start();
        calls.customerInvite();
        final String first = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        calls.advanceMs(40);
        calls.vendorResponse(first, VENDOR_1, 503, "v1");
        final String second = calls.sentTo(VENDOR_2, "INVITE").getFirst().text();
        calls.advanceMs(40);

        calls.vendorResponse(second, VENDOR_2, 486, "v2");

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 486")).hasSize(1);
        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.ATTEMPTS_FAILED);
            assertThat(call.party()).isEqualTo(Party.VENDOR);
            assertThat(call.customerCode()).isEqualTo(486);
            assertThat(call.attempts()).extracting(Attempt::vendor).containsExactly("vendor-1", "vendor-2");
            assertThat(call.attempts()).extracting(Attempt::code).containsExactly(503, 486);
            assertThat(call.attempts().get(1).startMs()).isEqualTo(call.attempts().get(0).endMs());
            assertThat(call.attempts().get(0).callId()).isNotEqualTo(call.attempts().get(1).callId());
        });
    }

    @Test
    void shouldReportTheMatchedSellAndVendorPrefixesAndRatesOfEachAttempt()
    {
        // The engine matched vendor-1 at 4420, vendor-2 at 44, and the customer's sell deck at 442.
        routing.answer = RouteResult.routed(ScriptedRouting.IDS, List.of("vendor-1", "vendor-2"),
            new int[] {4, 2}, new long[] {2_000, 6_500}, 3, 15_000);
        start();
        calls.customerInvite();
        final String first = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        calls.vendorResponse(first, VENDOR_1, 503, "v1");
        final String second = calls.sentTo(VENDOR_2, "INVITE").getFirst().text();
        calls.vendorResponse(second, VENDOR_2, 200, "v2");
        final String ok = calls.sentTo(CUSTOMER, "SIP/2.0 200").getFirst().text();
        final String toTag = header(ok, "To").substring(header(ok, "To").indexOf(";tag=") + 5);
        calls.customerRequest("ACK", "customer-call-1", "z9hG4bK-ack", toTag);

        calls.customerRequest("BYE", "customer-call-1", "z9hG4bK-bye", toTag);

        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.sellPrefix()).isEqualTo("442");
            assertThat(call.sellRate()).isEqualTo(15_000);
            assertThat(call.attempts()).extracting(Attempt::vendor).containsExactly("vendor-1", "vendor-2");
            assertThat(call.attempts()).extracting(Attempt::prefix).containsExactly("4420", "44");
            assertThat(call.attempts()).extracting(Attempt::rate).containsExactly(2_000L, 6_500L);
            assertThat(call.attempts()).extracting(Attempt::code).containsExactly(503, 200);
        });
    }

    @Test
    void shouldReportAnEmptySellPrefixAndZeroRateForACallNeverRouted()
    {
        routing.answer = RouteResult.NO_SELL_RATE;
        start();

        calls.customerInvite();

        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.sellPrefix()).isEmpty();
            assertThat(call.sellRate()).isZero();
        });
    }

    @Test
    void shouldReportNoRouteWith404AndNoAttempt()
    {
        routing.answer = RouteResult.NO_ROUTE;
        start();

        calls.customerInvite();

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 404")).hasSize(1);
        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.NO_ROUTE);
            assertThat(call.party()).isEqualTo(Party.SWITCH);
            assertThat(call.customerCode()).isEqualTo(404);
            assertThat(call.attempts()).isEmpty();
        });
    }

    @Test
    void shouldReportNoSellRateWith403()
    {
        routing.answer = RouteResult.NO_SELL_RATE;
        start();

        calls.customerInvite();

        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.NO_SELL_RATE);
            assertThat(call.customerCode()).isEqualTo(403);
        });
    }

    @Test
    void shouldReportAnOverloadedEngineAsOverload()
    {
        routing.answer = RouteResult.OVERLOADED;
        start();

        calls.customerInvite();

        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.OVERLOAD);
            assertThat(call.customerCode()).isEqualTo(503);
        });
    }

    @Test
    void shouldRefuseWith503CountAndReportWhileAnAdmissionHookRefuses()
    {
        start();
        diskFull.set(true);

        calls.customerInvite();

        final String refused = calls.sentTo(CUSTOMER, "SIP/2.0 503").getFirst().text();
        assertThat(header(refused, "Retry-After")).isNotBlank();
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 100")).isEmpty();
        assertThat(calls.sentTo(VENDOR_1, "")).isEmpty();
        assertThat(calls.loop.callCount()).isZero();
        assertThat(calls.registry.get("softswitch.calls.refused").tag("trunk", "customer")
            .tag("reason", "cdr_disk_full").counter().count()).isEqualTo(1.0);
        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.OVERLOAD);
            assertThat(call.party()).isEqualTo(Party.SWITCH);
            assertThat(call.trunk()).isEqualTo("customer");
            assertThat(call.callId()).isEqualTo("customer-call-1");
            assertThat(call.customerCode()).isEqualTo(503);
            assertThat(call.attempts()).isEmpty();
        });

        diskFull.set(false);
        calls.customerRequest("INVITE", "customer-call-2", "z9hG4bK-c2", null);
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(1);
    }

    @Test
    void shouldReportARefusedInviteOnceHoweverOftenTheClientRetransmitsIt()
    {
        start();
        diskFull.set(true);

        calls.customerInvite();
        calls.customerInvite();
        calls.customerInvite();

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).hasSize(3);
        assertThat(ended).singleElement().satisfies(call -> assertThat(call.callId()).isEqualTo("customer-call-1"));
        assertThat(calls.registry.get("softswitch.calls.refused").tag("trunk", "customer")
            .tag("reason", "cdr_disk_full").counter().count()).isEqualTo(1.0);

        // Still a retransmission of the refused INVITE: refused again, not admitted half-way.
        diskFull.set(false);
        calls.customerInvite();
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).hasSize(4);
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).isEmpty();
        assertThat(ended).hasSize(1);

        calls.customerRequest("INVITE", "customer-call-2", "z9hG4bK-c2", null);
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(1);
    }

    @Test
    void shouldReportCallsOverTheTrunkLimitAsRejectedByLimit()
    {
        start();
        // The embedded trunk takes 100 calls at once.
        for (int i = 0; i < 101; i++)
        {
            calls.customerRequest("INVITE", "call-" + i, "z9hG4bK-" + i, null);
        }

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).hasSize(1);
        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.REJECTED_LIMIT);
            assertThat(call.callId()).isEqualTo("call-100");
        });
        assertThat(calls.registry.get("softswitch.calls.refused").tag("trunk", "customer")
            .tag("reason", "concurrent_limit").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldReportACallWhoseCustomerNeverAcknowledgesAsNoAck()
    {
        start();
        calls.customerInvite();
        calls.vendorResponse(calls.sentTo(VENDOR_1, "INVITE").getFirst().text(), VENDOR_1, 200, "v-tag");

        calls.advanceMs(32_100);

        assertThat(ended).singleElement().satisfies(call ->
        {
            assertThat(call.reason()).isEqualTo(EndReason.NO_ACK);
            assertThat(call.party()).isEqualTo(Party.SWITCH);
            assertThat(call.customerCode()).isEqualTo(200);
        });
    }

    @Test
    void shouldReportCallsInProgressAsSwitchShutdownWhenTheLoopCloses()
    {
        start();
        answeredCall();

        calls.loop.shutdown();

        assertThat(ended).singleElement().satisfies(call ->
            assertThat(call.reason()).isEqualTo(EndReason.SWITCH_SHUTDOWN));
    }

    @Test
    void shouldReportEachCallExactlyOnceWhateverArrivesAfterItsEnd()
    {
        start();
        final String toTag = answeredCall();
        calls.customerRequest("BYE", "customer-call-1", "z9hG4bK-bye", toTag);
        calls.customerRequest("BYE", "customer-call-1", "z9hG4bK-bye", toTag);
        calls.customerRequest("CANCEL", "customer-call-1", "z9hG4bK-c1", null);
        calls.advanceMs(40_000);

        assertThat(ended).hasSize(1);
        assertThat(calls.loop.callCount()).isZero();
    }
}
