package io.softswitch.signaling;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.softswitch.lcr.LcrEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Overload on real sockets: the signaling loops are made to fall behind (each is held busy while a
 * flood of new INVITEs and an established call's BYE pile up in the kernel's receive queue), the
 * shedder sees the queue, and when the loops catch up the new INVITEs get 503 with Retry-After,
 * counted for their trunk, while the established call's BYE is relayed and answered as ever; once
 * the queue has drained, new calls are taken again. No assertion on speed: the loops are held
 * until the shedder has seen the queue, however slow the machine.
 */
@Timeout(120)
class OverloadSheddingTest
{
    private static final int FLOOD = 80;
    /** Marks low enough for a flood of 80 INVITEs; one sample above is enough to shed everything. */
    private static final OverloadPolicy POLICY = new OverloadPolicy(32 * 1024, 8 * 1024, 5_000, 60_000, 60_000, 100, 100, 5);

    @Test
    void shouldRefuseNewCallsWhileTheLoopsAreBehindAndStillServeTheCallInProgress() throws Exception
    {
        assumeTrue(Files.isReadable(Path.of("/proc/net/udp")), "needs Linux's receive queue table");
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestCarrier customer = TestCarrier.udp("127.0.0.1");
            TestCarrier vendor = TestCarrier.udp("127.0.0.1");
            LcrEngine engine = TestRoutes.engine(List.of("customer-a"), "", List.of("vendor-1"));
            SipSwitch sipSwitch = SipSwitch.start(OneRouteSwitch.config(vendor.port(), POLICY), engine, registry))
        {
            final int port = sipSwitch.udpPort();
            customer.send(customer.invite("442079460100", port, customer.nextCallId()), port);
            vendor.reply(vendor.response(vendor.receive("INVITE"), 200, "OK", "v1", null, TestCarrier.sdp("127.0.0.1")));
            final String ok = customer.receiveResponse("SIP/2.0 200", "INVITE");
            customer.send(customer.inDialog("ACK", ok, 1, port), port);
            vendor.receive("ACK");

            final CountDownLatch release = new CountDownLatch(1);
            final List<EventLoop> loops = sipSwitch.eventLoops();
            final CountDownLatch held = new CountDownLatch(loops.size());
            for (final EventLoop loop : loops)
            {
                loop.execute(() ->
                {
                    held.countDown();
                    awaitQuietly(release);
                });
            }
            // A loop may take a task only at the end of its wake-up window: flood once all are held,
            // or a loop still in its window reads the flood before it is held.
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < FLOOD; i++)
            {
                customer.send(customer.invite("442079460100", port, customer.nextCallId()), port);
            }
            customer.send(customer.inDialog("BYE", ok, 2, port), port);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (registry.get("softswitch.overload.refused.percent").gauge().value() < 100 &&
                System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(5);
            }
            assertThat(registry.get("softswitch.overload.refused.percent").gauge().value()).isEqualTo(100.0);
            release.countDown();

            final String bye = vendor.receive("BYE");
            vendor.reply(vendor.response(bye, 200, "OK", null, null, null));
            final List<String> answers = customer.drain(2_000);
            final String callId = TestCarrier.header(ok, "Call-ID", "i");
            assertThat(answers).anySatisfy(m -> assertThat(m).startsWith("SIP/2.0 200")
                .contains("CSeq: 2 BYE").contains("Call-ID: " + callId));
            final List<String> refused = answers.stream().filter(m -> m.startsWith("SIP/2.0 503")).toList();
            System.out.println("flooded INVITEs refused with 503 while behind: " + refused.size() + " of " + FLOOD);
            assertThat(refused).isNotEmpty();
            assertThat(refused).allSatisfy(m -> assertThat(TestCarrier.header(m, "Retry-After", null)).isNotBlank());
            assertThat(registry.get("softswitch.calls.refused").tag("trunk", "customer-a").tag("reason", "overload")
                .counter().count()).isEqualTo(refused.size());

            // The queue has drained: the share falls back to nothing and a new call is taken.
            final long calmDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (registry.get("softswitch.overload.refused.percent").gauge().value() > 0 &&
                System.nanoTime() - calmDeadlineNs < 0)
            {
                Thread.sleep(5);
            }
            vendor.drain(200);
            customer.send(customer.invite("442079460100", port, "after-the-flood"), port);
            final String admitted = vendor.receive("INVITE");
            assertThat(admitted).isNotEmpty();
        }
    }

    private static void awaitQuietly(final CountDownLatch release)
    {
        try
        {
            release.await(60, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
