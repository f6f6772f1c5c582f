package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four transaction state machines of RFC 3261 §17, every timer driven by a manual clock.
 */
class TransactionStateMachineTest
{
    private static final long MS = 1_000_000L;
    private static final SipPeer UDP = new SipPeer(Transport.UDP, new InetSocketAddress("127.0.0.1", 5070), null);
    private static final SipPeer TCP = new SipPeer(Transport.TCP, new InetSocketAddress("127.0.0.1", 5070), null);

    private final TimerWheel wheel = new TimerWheel(MS, 1024, 0);
    private final RecordingTransmitter transmitter = new RecordingTransmitter();
    private final RecordingListener listener = new RecordingListener();
    private final List<ByteBuf> buffers = new ArrayList<>();
    private long nowNs;

    @AfterEach
    void shouldReleaseEveryBuffer()
    {
        for (int i = 0; i < buffers.size(); i++)
        {
            assertThat(buffers.get(i).refCnt()).as("buffer %d leaked", i).isZero();
        }
    }

    private ByteBuf message(final String text)
    {
        final ByteBuf buffer = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        buffers.add(buffer);
        return buffer;
    }

    private void advanceMs(final long ms)
    {
        final long target = nowNs + ms * MS;
        while (nowNs < target)
        {
            nowNs += MS;
            wheel.poll(nowNs);
        }
    }

    private long countSent(final String text)
    {
        return transmitter.sent.stream().filter(text::equals).count();
    }

    @Test
    void shouldRetransmitInviteWithTimerADoublingUntilTimerBTimesOut()
    {
        final InviteClientTransaction txn = new InviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("INVITE"), UDP, nowNs);

        // Timer A: sent at 0, then 500, 1500, 3500, 7500, 15500, 31500 ms; Timer B at 32 s.
        advanceMs(499);
        assertThat(countSent("INVITE")).isEqualTo(1);
        advanceMs(1);
        assertThat(countSent("INVITE")).isEqualTo(2);
        advanceMs(1_000);
        assertThat(countSent("INVITE")).isEqualTo(3);
        advanceMs(30_499);
        assertThat(countSent("INVITE")).isEqualTo(7);
        assertThat(listener.timeouts).isZero();
        advanceMs(1);
        assertThat(listener.timeouts).isEqualTo(1);
        assertThat(listener.terminations).isEqualTo(1);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
    }

    @Test
    void shouldStopTimersAAndBOnProvisionalResponse()
    {
        final InviteClientTransaction txn = new InviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("INVITE"), UDP, nowNs);

        assertThat(txn.onResponse(180, nowNs)).isTrue();
        advanceMs(60_000);

        assertThat(countSent("INVITE")).isEqualTo(1);
        assertThat(listener.timeouts).isZero();
        assertThat(txn.state()).isEqualTo(Transaction.State.PROCEEDING);
        txn.terminate();
    }

    @Test
    void shouldNotRetransmitInviteOverTcpButStillTimeOutWithTimerB()
    {
        final InviteClientTransaction txn = new InviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("INVITE"), TCP, nowNs);

        advanceMs(31_999);
        assertThat(countSent("INVITE")).isEqualTo(1);
        assertThat(listener.timeouts).isZero();
        advanceMs(1);
        assertThat(listener.timeouts).isEqualTo(1);
    }

    @Test
    void shouldAckEachRetransmittedFailureUntilTimerD()
    {
        final InviteClientTransaction txn = new InviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("INVITE"), UDP, nowNs);

        assertThat(txn.onResponse(503, nowNs)).isTrue();
        txn.sendAck(message("ACK"), nowNs);
        assertThat(txn.onResponse(503, nowNs)).isFalse();
        assertThat(txn.onResponse(503, nowNs)).isFalse();

        assertThat(countSent("ACK")).isEqualTo(3);
        advanceMs(31_999);
        assertThat(txn.state()).isEqualTo(Transaction.State.COMPLETED);
        assertThat(countSent("INVITE")).isEqualTo(1);
        advanceMs(1);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
        assertThat(listener.timeouts).isZero();
        assertThat(listener.terminations).isEqualTo(1);
    }

    @Test
    void shouldEndInviteClientTransactionAfterAckOverTcp()
    {
        final InviteClientTransaction txn = new InviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("INVITE"), TCP, nowNs);

        txn.onResponse(486, nowNs);
        txn.sendAck(message("ACK"), nowNs);
        advanceMs(1);

        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
    }

    @Test
    void shouldPassRetransmitted2xxToTheUserUntilTimerM()
    {
        final InviteClientTransaction txn = new InviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("INVITE"), UDP, nowNs);

        assertThat(txn.onResponse(200, nowNs)).isTrue();
        advanceMs(1_000);
        assertThat(txn.onResponse(200, nowNs)).isTrue();
        assertThat(txn.state()).isEqualTo(Transaction.State.ACCEPTED);
        assertThat(countSent("INVITE")).isEqualTo(1);
        advanceMs(31_000);

        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
        assertThat(listener.timeouts).isZero();
    }

    @Test
    void shouldTimeOutInviteThatGetsNoFinalResponseAfterCancel()
    {
        final InviteClientTransaction txn = new InviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("INVITE"), UDP, nowNs);
        txn.onResponse(180, nowNs);

        txn.onCancelSent(nowNs);
        advanceMs(32_000);

        assertThat(listener.timeouts).isEqualTo(1);
    }

    @Test
    void shouldRetransmitNonInviteWithTimerECappedAtT2AndTimeOutWithTimerF()
    {
        final NonInviteClientTransaction txn = new NonInviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("BYE"), UDP, nowNs);

        // Timer E: 0, 500, 1500, 3500, 7500, then every 4 s: 11500 ... 31500; Timer F at 32 s.
        advanceMs(7_500);
        assertThat(countSent("BYE")).isEqualTo(5);
        advanceMs(4_000);
        assertThat(countSent("BYE")).isEqualTo(6);
        advanceMs(20_499);
        assertThat(countSent("BYE")).isEqualTo(11);
        assertThat(listener.timeouts).isZero();
        advanceMs(1);
        assertThat(listener.timeouts).isEqualTo(1);
        assertThat(listener.terminations).isEqualTo(1);
    }

    @Test
    void shouldRetransmitNonInviteEveryT2OnceProceeding()
    {
        final NonInviteClientTransaction txn = new NonInviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("OPTIONS"), UDP, nowNs);
        advanceMs(100);
        assertThat(txn.onResponse(100, nowNs)).isTrue();

        advanceMs(400);
        assertThat(countSent("OPTIONS")).isEqualTo(2);
        advanceMs(3_999);
        assertThat(countSent("OPTIONS")).isEqualTo(2);
        advanceMs(1);
        assertThat(countSent("OPTIONS")).isEqualTo(3);
        txn.terminate();
    }

    @Test
    void shouldAbsorbResponseRetransmissionsUntilTimerK()
    {
        final NonInviteClientTransaction txn = new NonInviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("BYE"), UDP, nowNs);

        assertThat(txn.onResponse(200, nowNs)).isTrue();
        assertThat(txn.onResponse(200, nowNs)).isFalse();
        advanceMs(4_999);
        assertThat(txn.state()).isEqualTo(Transaction.State.COMPLETED);
        advanceMs(1);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
        assertThat(countSent("BYE")).isEqualTo(1);
        assertThat(listener.timeouts).isZero();
    }

    @Test
    void shouldEndNonInviteClientTransactionAtNextPollOverTcp()
    {
        final NonInviteClientTransaction txn = new NonInviteClientTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, message("BYE"), TCP, nowNs);

        assertThat(txn.onResponse(200, nowNs)).isTrue();
        assertThat(txn.state()).isEqualTo(Transaction.State.COMPLETED);
        advanceMs(1);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
    }

    @Test
    void shouldAnswerRetransmittedInviteWithLastProvisional()
    {
        final InviteServerTransaction txn = new InviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, UDP);
        txn.sendProvisional(message("100"));
        txn.sendProvisional(message("180"));

        txn.onRequestRetransmission();

        assertThat(transmitter.sent).containsExactly("100", "180", "180");
        txn.terminate();
    }

    @Test
    void shouldRetransmitFailureWithTimerGUntilAckThenEndAfterTimerI()
    {
        final InviteServerTransaction txn = new InviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, UDP);
        txn.sendFinal(message("486"), 486, nowNs);

        // Timer G: 0, 500, 1500, 3500, 7500.
        advanceMs(7_500);
        assertThat(countSent("486")).isEqualTo(5);
        txn.onRequestRetransmission();
        assertThat(countSent("486")).isEqualTo(6);
        assertThat(txn.onAck(nowNs)).isTrue();
        assertThat(txn.state()).isEqualTo(Transaction.State.CONFIRMED);
        assertThat(txn.onAck(nowNs)).isFalse();
        advanceMs(4_999);
        assertThat(countSent("486")).isEqualTo(6);
        assertThat(txn.state()).isEqualTo(Transaction.State.CONFIRMED);
        advanceMs(1);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
        assertThat(listener.timeouts).isZero();
    }

    @Test
    void shouldTimeOutWithTimerHWhenNoAckArrives()
    {
        final InviteServerTransaction txn = new InviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, UDP);
        txn.sendFinal(message("404"), 404, nowNs);

        advanceMs(31_999);
        assertThat(listener.timeouts).isZero();
        // G caps at T2: 0, 0.5, 1.5, 3.5, 7.5, 11.5, ... 31.5 s.
        assertThat(countSent("404")).isEqualTo(11);
        advanceMs(1);
        assertThat(listener.timeouts).isEqualTo(1);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
    }

    @Test
    void shouldNotRetransmitFailureOverTcpAndEndAtAck()
    {
        final InviteServerTransaction txn = new InviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, TCP);
        txn.sendFinal(message("503"), 503, nowNs);

        advanceMs(10_000);
        assertThat(countSent("503")).isEqualTo(1);
        txn.onAck(nowNs);
        advanceMs(1);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
    }

    @Test
    void shouldRetransmit2xxUntilAckAndAbsorbInviteRetransmissions()
    {
        final InviteServerTransaction txn = new InviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, UDP);
        txn.sendFinal(message("200"), 200, nowNs);

        advanceMs(1_500);
        assertThat(countSent("200")).isEqualTo(3);
        txn.onRequestRetransmission();
        assertThat(countSent("200")).isEqualTo(3);
        assertThat(txn.onAck(nowNs)).isTrue();
        assertThat(txn.onAck(nowNs)).isFalse();
        advanceMs(10_000);
        assertThat(countSent("200")).isEqualTo(3);
        advanceMs(22_000);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
        assertThat(listener.timeouts).isZero();
    }

    @Test
    void shouldTellUserWhen2xxIsNeverAcknowledged()
    {
        final InviteServerTransaction txn = new InviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, UDP);
        txn.sendFinal(message("200"), 200, nowNs);

        advanceMs(32_000);

        assertThat(listener.timeouts).isEqualTo(1);
    }

    @Test
    void shouldAbsorbNonInviteRetransmissionInTryingAndAnswerItWhenCompletedUntilTimerJ()
    {
        final NonInviteServerTransaction txn = new NonInviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, UDP);

        txn.onRequestRetransmission();
        assertThat(transmitter.sent).isEmpty();
        txn.send(message("200"), 200, nowNs);
        txn.onRequestRetransmission();
        assertThat(countSent("200")).isEqualTo(2);
        advanceMs(31_999);
        assertThat(txn.state()).isEqualTo(Transaction.State.COMPLETED);
        advanceMs(1);
        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
        assertThat(listener.terminations).isEqualTo(1);
    }

    @Test
    void shouldEndNonInviteServerTransactionAtOnceOverTcp()
    {
        final NonInviteServerTransaction txn = new NonInviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, TCP);

        txn.send(message("200"), 200, nowNs);
        advanceMs(1);

        assertThat(txn.state()).isEqualTo(Transaction.State.TERMINATED);
    }

    @Test
    void shouldBeReusableAfterTermination()
    {
        final NonInviteServerTransaction txn = new NonInviteServerTransaction(wheel, transmitter, SipTimers.RFC_3261);
        txn.start(listener, UDP);
        txn.send(message("200"), 200, nowNs);
        txn.terminate();

        txn.start(listener, UDP);

        assertThat(txn.state()).isEqualTo(Transaction.State.TRYING);
        assertThat(listener.terminations).isEqualTo(1);
        txn.terminate();
    }
}
