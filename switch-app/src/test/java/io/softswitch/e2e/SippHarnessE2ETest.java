package io.softswitch.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the SIPp harness itself, SIPp to SIPp with no switch between: that it reads a
 * successful call as success and a call off its scenario as failure, so that the end-to-end
 * tests built on it can fail.
 */
@Tag("e2e")
@Timeout(60)
class SippHarnessE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    private Path directory;

    private final List<SippProcess> processes = new ArrayList<>();

    @AfterEach
    void stopSipp()
    {
        processes.forEach(SippProcess::close);
    }

    @Test
    void shouldReportSuccessWhenBothPeersCompleteTheBasicCall()
    {
        final SippProcess uas = track(SippProcess.uas("uas-answer.xml").start("uas", directory));
        final SippProcess uac = track(SippProcess.uac("uac-basic.xml", "127.0.0.1", uas.localPort())
            .holdMs(100)
            .start("uac", directory));

        final SippStatistics caller = uac.awaitSuccess(DEADLINE);
        final SippStatistics callee = uas.awaitSuccess(DEADLINE);

        assertThat(caller.successfulCalls()).isEqualTo(1);
        assertThat(caller.failedCalls()).isZero();
        assertThat(callee.incomingCalls()).isEqualTo(1);
        assertThat(uas.receivedRequests("INVITE")).hasSize(1);
        assertThat(uas.receivedRequests("BYE")).hasSize(1);
        assertThat(uac.receivedMessages()).anyMatch(message -> message.startsWith("SIP/2.0 200 OK"));
    }

    @Test
    void shouldRunTheBoundedNumberOfCallsAtTheRate()
    {
        final SippProcess uas = track(SippProcess.uas("uas-answer.xml").calls(5).start("uas", directory));
        final SippProcess uac = track(SippProcess.uac("uac-basic.xml", "127.0.0.1", uas.localPort())
            .calls(5)
            .callsPerSecond(20)
            .timeoutSeconds(10)
            .start("uac", directory));

        final SippStatistics caller = uac.awaitSuccess(DEADLINE);
        final SippStatistics callee = uas.awaitSuccess(DEADLINE);

        assertThat(caller.outgoingCalls()).isEqualTo(5);
        assertThat(caller.successfulCalls()).isEqualTo(5);
        assertThat(callee.incomingCalls()).isEqualTo(5);
        assertThat(uas.receivedRequests("BYE")).hasSize(5);
    }

    @Test
    void shouldReportFailureWhenTheCallLeavesTheScenario()
    {
        final SippProcess uas = track(SippProcess.uas("uas-answer.xml").start("uas", directory));
        final SippProcess uac = track(SippProcess.uac("uac-403.xml", "127.0.0.1", uas.localPort())
            .recvTimeoutMs(2_000)
            .start("uac", directory));

        final int exitCode = uac.awaitExit(DEADLINE);

        assertThat(exitCode).isEqualTo(1);
        assertThat(uac.statistics().failedCalls()).isEqualTo(1);
        assertThat(uac.statistics().successfulCalls()).isZero();
    }

    private SippProcess track(final SippProcess process)
    {
        processes.add(process);
        return process;
    }
}
