package io.softswitch.signaling;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.ResourceLeakDetector;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much the switch's event loops allocate per call once warm: a guard against allocation
 * creeping into the call path. The figure covers everything the loops do for a call's ten or so
 * datagrams each way, Netty included. Datagrams are read by the switch's own batched receive path
 * into memory allocated once, with one reused address object per peer; a datagram of another
 * loop's call is copied into the pooled hand-over's own array; sends go straight to the kernel:
 * none of it allocates per datagram. What is left is pooled call objects made when the pools grow.
 * Measured at 9 to 150 B per call on the shared 2-core box, and 293 and 372 B in two full builds
 * with other builds beside them (632 to 1,012 B when Netty read the datagrams, before the own
 * receive path); the bound is the target of 512 B: a loaded machine makes calls linger and
 * pools grow, and half the target failed builds on that alone. A packet, a buffer and an address
 * per datagram (Netty's reads) do not pass it; one small object per datagram would. What the test
 * drives runs on the test thread and is not counted.
 */
@Timeout(120)
class CallPathAllocationTest
{
    private static final int WARM_UP_CALLS = 3_000;
    private static final int MEASURED_CALLS = 1_000;
    private static final int ROUNDS = 3;
    private static final long MAX_BYTES_PER_CALL = 512;

    @Test
    void shouldAllocateLittlePerCallOnTheEventLoopsOnceWarm() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Set<Long> before = loopThreads();
        // Paranoid leak detection records a stack trace at every buffer access: off while measuring.
        final ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try (TestCarrier customer = TestCarrier.udp("127.0.0.1");
            TestCarrier vendor = TestCarrier.udp("127.0.0.1");
            LcrEngine engine = TestRoutes.engine(List.of("customer-a"), "", List.of("vendor-1"));
            SipSwitch sipSwitch = SipSwitch.start(config(vendor.port()), engine, new SimpleMeterRegistry()))
        {
            final long[] loops = loopThreads().stream().filter(id -> !before.contains(id))
                .mapToLong(Long::longValue).toArray();
            assertThat(loops).isNotEmpty();
            final long[] engineThreads = threadsNamed(LcrEngine.THREAD_NAME);
            runCalls(customer, vendor, sipSwitch.udpPort(), WARM_UP_CALLS);
            Thread.sleep(200);

            // The least of three rounds: noise (a retransmission on a loaded machine, a pool that
            // grows) only ever adds allocation, while the call path's own shows in every round.
            long perCall = Long.MAX_VALUE;
            long enginePerCall = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++)
            {
                final long allocatedBefore = sum(threads.getThreadAllocatedBytes(loops));
                final long engineBefore = sum(threads.getThreadAllocatedBytes(engineThreads));
                runCalls(customer, vendor, sipSwitch.udpPort(), MEASURED_CALLS);
                Thread.sleep(200);
                perCall = Math.min(perCall,
                    (sum(threads.getThreadAllocatedBytes(loops)) - allocatedBefore) / MEASURED_CALLS);
                enginePerCall = Math.min(enginePerCall,
                    (sum(threads.getThreadAllocatedBytes(engineThreads)) - engineBefore) / MEASURED_CALLS);
            }

            System.out.println("event-loop bytes allocated per call (warm): " + perCall);
            // Reported, not bounded: the engine's thread answers here and hands the answer to the loop.
            System.out.println("lcr-engine thread bytes allocated per call (warm): " + enginePerCall);
            assertThat(perCall).isLessThan(MAX_BYTES_PER_CALL);
        }
        finally
        {
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }

    private static void runCalls(final TestCarrier customer, final TestCarrier vendor, final int port, final int count)
        throws Exception
    {
        final Set<String> offered = new HashSet<>();
        for (int i = 0; i < count; i++)
        {
            customer.send(customer.invite("442079460100", port, customer.nextCallId()), port);
            // A late retransmission of an earlier call's INVITE is not this call's.
            String invite = vendor.receive("INVITE");
            while (!offered.add(TestCarrier.header(invite, "Call-ID", "i")))
            {
                invite = vendor.receive("INVITE");
            }
            vendor.reply(vendor.response(invite, 200, "OK", "a" + i, null, TestCarrier.sdp("127.0.0.1")));
            final String ok = customer.receiveResponse("SIP/2.0 200", "INVITE");
            customer.send(customer.inDialog("ACK", ok, 1, port), port);
            vendor.receive("ACK");
            customer.send(customer.inDialog("BYE", ok, 2, port), port);
            customer.receiveResponse("SIP/2.0 200", "BYE");
            vendor.reply(vendor.response(vendor.receive("BYE"), 200, "OK", null, null, null));
        }
    }

    private static SwitchConfig config(final int vendorPort)
    {
        final CustomerTrunk customer = new CustomerTrunk("customer-a", List.of(AddressRange.parse("127.0.0.1/32")), "",
            NumberRules.NONE, 100_000, 100_000, FailoverPolicy.defaults());
        final VendorTrunk vendor = new VendorTrunk("vendor-1", "127.0.0.1", vendorPort, Transport.UDP, 100_000, 100_000,
            ProbePolicy.DISABLED);
        // T1 of 10 ms: ended calls linger 640 ms, so the pools stop growing during the warm-up.
        return new SwitchConfig(new SipListen("127.0.0.1", 0, -1, "127.0.0.1"), SipLimits.DEFAULT,
            new SipTimers(10, 80, 100), List.of(customer), List.of(vendor));
    }

    private static Set<Long> loopThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("sip-loop"))
            .map(Thread::threadId)
            .collect(Collectors.toSet());
    }

    private static long[] threadsNamed(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals(name))
            .mapToLong(Thread::threadId)
            .toArray();
    }

    private static long sum(final long[] values)
    {
        long total = 0;
        for (final long value : values)
        {
            total += value;
        }
        return total;
    }
}
