package io.softswitch.benchmarks.rtp;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UringEndpointsTest
{
    @Test
    void shouldDeliverEveryQueuedPacketWithAnArrivalStampNoEarlierThanItsSendStamp()
    {
        try (UringEndpoints endpoints = open(4))
        {
            // Two pairs on loopback, each side sending to the other, as the direct baseline does.
            for (int stream = 0; stream < 4; stream++)
            {
                endpoints.destination(stream, endpoints.port(stream ^ 1));
            }
            endpoints.start();
            final List<long[]> received = new ArrayList<>();
            final int[] refused = {0};
            final UringEndpoints.Listener listener = new UringEndpoints.Listener()
            {
                @Override
                public void onReceived(final long stampNs, final long arrivedNs)
                {
                    received.add(new long[] {stampNs, arrivedNs});
                }

                @Override
                public void onSendRefused(final boolean inWindow)
                {
                    refused[0]++;
                }
            };
            final long[] stamps = new long[20];
            for (int seq = 0; seq < 5; seq++)
            {
                for (int stream = 0; stream < 4; stream++)
                {
                    stamps[seq * 4 + stream] = realtimeNs();
                    endpoints.queue(stream, seq, stamps[seq * 4 + stream], true);
                }
                endpoints.submitAndWait(0, listener);
            }
            final long giveUpNs = System.nanoTime() + 2_000_000_000L;
            while (received.size() < stamps.length && System.nanoTime() < giveUpNs)
            {
                endpoints.submitAndWait(1_000_000L, listener);
            }
            assertThat(refused[0]).isZero();
            assertThat(received).hasSize(stamps.length);
            assertThat(received).extracting(r -> r[0]).containsExactlyInAnyOrder(box(stamps));
            assertThat(received).allSatisfy(r -> assertThat(r[1] - r[0]).as("arrival minus send, ns")
                .isBetween(0L, 1_000_000_000L));
            assertThat(endpoints.unreadable()).isZero();
        }
    }

    private static UringEndpoints open(final int streams)
    {
        try
        {
            return new UringEndpoints(streams);
        }
        catch (final IllegalStateException ex)
        {
            Assumptions.abort("io_uring refused by this kernel: " + ex.getMessage());
            throw ex;
        }
    }

    private static long realtimeNs()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Long[] box(final long[] values)
    {
        final Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++)
        {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
