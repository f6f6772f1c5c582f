package io.softswitch.rtp.control;

import io.aeron.Subscription;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import static org.assertj.core.api.Assertions.assertThat;

class AeronMediaDriverTest
{
    @Test
    void shouldCountOnlyTheOwnersWorkSoThatTheDriversHousekeepingLetsTheHostSleep() throws Exception
    {
        try (AeronMediaDriver driver = AeronMediaDriver.launchHosted("housekeeping"))
        {
            final int[] ownerWork = {0};
            final Agent host = driver.hostedOn(new Agent()
            {
                @Override
                public int doWork()
                {
                    return ownerWork[0];
                }

                @Override
                public String roleName()
                {
                    return "owner";
                }
            });
            // A new client's first cycles are the driver's own work (its registration, timers).
            for (int i = 0; i < 50; i++)
            {
                assertThat(host.doWork()).isZero();
            }
            ownerWork[0] = 3;
            assertThat(host.doWork()).isEqualTo(3);
        }
    }

    @Test
    void shouldBackOffDoublingAfterWorkAndStartAgainOnlyAfterTheOwnersWork()
    {
        try (AeronMediaDriver driver = AeronMediaDriver.launchHosted("backoff"))
        {
            final DriverSocketIdleStrategy idle = (DriverSocketIdleStrategy)driver.idleStrategy(8);
            assertThat(idle.parkMs()).isEqualTo(1);
            idle.idle(0);
            assertThat(idle.parkMs()).isEqualTo(2);
            idle.idle(0);
            idle.idle(0);
            assertThat(idle.parkMs()).isEqualTo(8);
            idle.idle(0);
            assertThat(idle.parkMs()).as("never past the longest park").isEqualTo(8);
            idle.idle(1);
            assertThat(idle.parkMs()).isEqualTo(1);
        }
    }

    @Test
    void shouldEndTheSleepWhenADatagramReachesTheDriversSocketWithoutStartingTheBackOffAgain() throws Exception
    {
        try (AeronMediaDriver driver = AeronMediaDriver.launchHosted("watched");
            DatagramChannel probe = DatagramChannel.open())
        {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            final int port = ((InetSocketAddress)probe.getLocalAddress()).getPort();
            probe.close();
            try (Subscription commands = driver.aeron().addSubscription("aeron:udp?endpoint=127.0.0.1:" + port, 7);
                DatagramChannel sender = DatagramChannel.open())
            {
                final DriverSocketIdleStrategy idle = (DriverSocketIdleStrategy)driver.idleStrategy(1_000);
                for (int i = 0; i < 6; i++)
                {
                    idle.idle(0);
                }
                assertThat(idle.parkMs()).as("1+2+...+32 ms slept, none ended by a datagram").isEqualTo(64);

                // Not read by the driver (its cycle does not run here), so the socket stays readable.
                sender.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), new InetSocketAddress("127.0.0.1", port));
                idle.idle(0);
                assertThat(idle.parkMs()).as("woken by the datagram: not a sleep that ran out").isEqualTo(64);
                idle.idle(0);
                assertThat(idle.parkMs()).as("still readable: woken again").isEqualTo(64);
                assertThat(commands.isConnected()).isFalse();
            }
        }
    }
}
