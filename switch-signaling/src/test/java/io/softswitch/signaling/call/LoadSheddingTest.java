package io.softswitch.signaling.call;

import io.softswitch.signaling.OverloadPolicy;
import io.softswitch.signaling.SwitchHooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.softswitch.signaling.call.EmbeddedCallLoop.CUSTOMER;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_1;
import static io.softswitch.signaling.call.EmbeddedCallLoop.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overload that degrades gracefully, on an embedded loop whose queues the test sets: while the
 * loops have fallen behind, the shedder's share of new INVITEs gets 503 with Retry-After and
 * nothing else (no 100, no transaction, no route query), counted per trunk and reported with
 * {@link EndReason#OVERLOAD}; the share rises while the loops stay behind and falls once they
 * catch up; the calls in progress are served as before.
 */
class LoadSheddingTest
{
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger pendingTasks = new AtomicInteger();
    private final AtomicLong lagNs = new AtomicLong();
    private final LoadShedder shedder = new LoadShedder(new OverloadPolicy(1_000, 100, 50, 40, 40, 20, 10, 10),
        queuedBytes::get, pendingTasks::get, lagNs::get, () -> 1_764_540_000_123L);
    private final List<EndReason> ended = new ArrayList<>();
    private final ScriptedRouting routing = new ScriptedRouting("vendor-1");
    private EmbeddedCallLoop calls;

    @BeforeEach
    void start()
    {
        calls = new EmbeddedCallLoop(routing, 3_000,
            SwitchHooks.none().withCallEndListener(call -> ended.add(call.endReason())));
        calls.loop.context.shedder(shedder);
    }

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    private String answeredCall()
    {
        calls.customerInvite();
        calls.vendorResponse(calls.sentTo(VENDOR_1, "INVITE").getFirst().text(), VENDOR_1, 200, "v-tag");
        final String ok = calls.sentTo(CUSTOMER, "SIP/2.0 200").getFirst().text();
        final String toTag = header(ok, "To").substring(header(ok, "To").indexOf(";tag=") + 5);
        calls.customerRequest("ACK", "customer-call-1", "z9hG4bK-ack", toTag);
        return toTag;
    }

    @Test
    void shouldRefuseEveryNewCallWhileFarBehindAndServeTheCallsInProgress()
    {
        final String toTag = answeredCall();
        queuedBytes.set(5_000);
        sample(6);
        assertThat(shedder.refusePercent()).isEqualTo(100);

        calls.customerRequest("INVITE", "customer-call-2", "z9hG4bK-c2", null);

        final String refused = calls.sentTo(CUSTOMER, "SIP/2.0 503").getFirst().text();
        assertThat(header(refused, "Call-ID")).isEqualTo("customer-call-2");
        assertThat(header(refused, "Retry-After")).isNotBlank();
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 100")).hasSize(1);
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(1);
        assertThat(calls.loop.callCount()).isEqualTo(1);
        assertThat(calls.registry.get("softswitch.calls.refused").tag("trunk", "customer").tag("reason", "overload")
            .counter().count()).isEqualTo(1.0);
        assertThat(ended).containsExactly(EndReason.OVERLOAD);

        calls.customerRequest("BYE", "customer-call-1", "z9hG4bK-bye", toTag);
        assertThat(calls.sentTo(VENDOR_1, "BYE")).hasSize(1);
        assertThat(ended).containsExactly(EndReason.OVERLOAD, EndReason.CUSTOMER_BYE);
    }

    @Test
    void shouldRefuseOnlyTheShareTheShedderSetsEvenlySpread()
    {
        queuedBytes.set(1_500);
        sample(2);
        assertThat(shedder.refusePercent()).isEqualTo(20);

        for (int i = 0; i < 10; i++)
        {
            calls.customerRequest("INVITE", "customer-call-" + i, "z9hG4bK-c" + i, null);
        }

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).hasSize(2);
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(8);
        assertThat(header(calls.sentTo(CUSTOMER, "SIP/2.0 503").getFirst().text(), "Call-ID"))
            .isEqualTo("customer-call-4");
    }

    @Test
    void shouldHoldTheShareBetweenTheMarksAndLowerItOnlyOnceTheQueuesHaveDrainedBelowTheLowMark()
    {
        queuedBytes.set(5_000);
        sample(6);
        queuedBytes.set(500);
        sample(3);
        assertThat(shedder.refusePercent()).isEqualTo(100);

        calls.customerInvite();
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).hasSize(1);

        queuedBytes.set(50);
        sample(1);
        assertThat(shedder.refusePercent()).isEqualTo(90);
        sample(9);
        assertThat(shedder.isShedding()).isFalse();
        calls.customerRequest("INVITE", "customer-call-2", "z9hG4bK-c2", null);

        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(1);
    }

    @Test
    void shouldNotShedForASingleSampleAboveTheMarkLikeAGarbageCollectionPause()
    {
        queuedBytes.set(1_500);
        sample(1);
        queuedBytes.set(50);
        sample(1);
        queuedBytes.set(1_900);
        sample(1);

        calls.customerInvite();

        assertThat(shedder.isShedding()).isFalse();
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).isEmpty();
    }

    @Test
    void shouldShedAtOnceAndStepFurtherTheFurtherTheQueueIsAboveItsMark()
    {
        queuedBytes.set(2_500);
        sample(1);
        assertThat(shedder.refusePercent()).isEqualTo(40);

        queuedBytes.set(9_000);
        sample(1);
        assertThat(shedder.refusePercent()).isEqualTo(100);
    }

    @Test
    void shouldHoldTheShareWhileTheQueueAboveTheMarkIsBeingWorkedOff()
    {
        queuedBytes.set(1_500);
        sample(2);
        assertThat(shedder.refusePercent()).isEqualTo(20);

        queuedBytes.set(1_300);
        sample(1);
        assertThat(shedder.refusePercent()).isEqualTo(20);
        queuedBytes.set(1_100);
        sample(1);
        assertThat(shedder.refusePercent()).isEqualTo(20);

        // No longer shrinking by an eighth a sample: the share is not enough yet.
        queuedBytes.set(1_050);
        sample(1);
        assertThat(shedder.refusePercent()).isEqualTo(40);
    }

    @Test
    void shouldShedWhenDatagramsWaitTooLongInTheReceiveQueueThoughItsBytesAreUnderTheMark()
    {
        final AtomicLong read = new AtomicLong();
        final AtomicLong nowNs = new AtomicLong();
        shedder.watch(new ReceiveQueueDelay(read::get, nowNs::get, 0, 50 * EmbeddedCallLoop.MS),
            new CallCapacity(() -> 0, () -> 0, nowNs::get, 50 * EmbeddedCallLoop.MS));
        queuedBytes.set(900);
        for (int sample = 0; sample < 5; sample++)
        {
            read.addAndGet(100);
            sampleAfterMs(nowNs, 10);
        }
        assertThat(shedder.isShedding()).isFalse();

        // The loops read one datagram in 50 ms (starved of CPU): the one queued waits 50 ms by
        // their rate, then 50 ms since their last read, over the 40 ms mark two samples in a row.
        read.addAndGet(1);
        for (int sample = 0; sample < 5; sample++)
        {
            sampleAfterMs(nowNs, 10);
        }
        assertThat(shedder.isShedding()).isFalse();
        sampleAfterMs(nowNs, 10);
        assertThat(shedder.refusePercent()).isEqualTo(20);

        // Read again, fast: the wait is short, the bytes between the marks, the share holds.
        read.addAndGet(1_000);
        sampleAfterMs(nowNs, 10);
        assertThat(shedder.refusePercent()).isEqualTo(20);
    }

    @Test
    void shouldNotShedWhenTheLoopsReadLittleForASampleOrTwoWhileKeepingUpOverTheWindow()
    {
        final AtomicLong read = new AtomicLong();
        final AtomicLong nowNs = new AtomicLong();
        final LoadShedder realistic = new LoadShedder(OverloadPolicy.DEFAULT, queuedBytes::get, pendingTasks::get,
            lagNs::get, () -> 1_764_540_000_123L)
            .watch(new ReceiveQueueDelay(read::get, nowNs::get, 0, 100 * EmbeddedCallLoop.MS),
                new CallCapacity(() -> 0, () -> 0, nowNs::get, 100 * EmbeddedCallLoop.MS));
        // 300 datagrams queued behind loops that read 28 a millisecond: about 11 ms of wait.
        queuedBytes.set(300 * ReceiveQueueDelay.KERNEL_BYTES_PER_DATAGRAM);
        for (int sample = 0; sample < 10; sample++)
        {
            read.addAndGet(280);
            nowNs.addAndGet(10 * EmbeddedCallLoop.MS);
            realistic.run();
        }

        // Descheduled for two samples (billing and the database took the cores): one read in
        // each, which over one sample alone would be a wait of three seconds.
        for (int sample = 0; sample < 2; sample++)
        {
            read.addAndGet(1);
            nowNs.addAndGet(10 * EmbeddedCallLoop.MS);
            realistic.run();
        }
        assertThat(realistic.isShedding()).isFalse();
    }

    private void sampleAfterMs(final AtomicLong nowNs, final long ms)
    {
        nowNs.addAndGet(ms * EmbeddedCallLoop.MS);
        shedder.run();
    }

    @Test
    void shouldShedWhenTheLoopsTaskQueuesAreBehind()
    {
        pendingTasks.set(51);
        sample(6);

        calls.customerInvite();

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).hasSize(1);
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).isEmpty();
    }

    @Test
    void shouldShedWhenHandedOverMessagesWaitTooLongInTheirLoopsQueue()
    {
        lagNs.set(41 * EmbeddedCallLoop.MS);
        sample(6);

        calls.customerInvite();

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 503")).hasSize(1);
        lagNs.set(9 * EmbeddedCallLoop.MS);
        sample(10);
        assertThat(shedder.isShedding()).isFalse();
    }

    @Test
    void shouldMeasureTheWaitOfAHandedOverMessagePerWindow()
    {
        final LoopLag lag = new LoopLag();
        final long start = LoopLag.WINDOW_NS * 10;
        lag.record(start - 45 * EmbeddedCallLoop.MS, start);
        final long window = lag.window();
        lag.record(start + 1_000 - 5 * EmbeddedCallLoop.MS, start + 1_000);

        assertThat(lag.worstNs()).isEqualTo(45 * EmbeddedCallLoop.MS);
        lag.roll(start + LoopLag.WINDOW_NS);
        assertThat(lag.worstNs()).isZero();
        assertThat(lag.window()).isEqualTo(window + 1);
    }

    private void sample(final int times)
    {
        for (int i = 0; i < times; i++)
        {
            shedder.run();
        }
    }
}
