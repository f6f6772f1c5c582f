package io.softswitch.signaling.call;

import io.softswitch.signaling.OverloadPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shedder with its default policy against a model of loops offered twice what they carry:
 * it settles at a share that keeps them busy instead of swinging between refusing everything and
 * nothing (it may refuse everything for a sample now and then, when the queues overrun: at most
 * 2 % of them), the receive queue never reaches the sockets' 8 MB, and everything is let in again
 * soon after the overload ends. The shedder of 2026-11-30 (no measured capacity: the share lowered
 * whenever the queues were clear) swings between 5 and 100 % in this model, about every 400 ms,
 * and fails the first test.
 *
 * <p>The model, per 10 ms sample, in datagrams as the kernel queues them: new INVITEs arrive (the
 * rate offered, give or take a few), and so do the later messages of the calls admitted before
 * (the vendor's 180 and 200, the customer's ACK and BYE, the vendor's 200 to the BYE: six
 * datagrams over the next 20 to 40 ms), which no shedder can refuse. The loops read the queue in
 * order within a budget of work that varies from sample to sample (other processes share the
 * cores), judging each new INVITE as they read it at the shedder's share: an admitted INVITE
 * costs three units (transaction, routing), a later message one, a refused INVITE one.
 */
class OverloadSettlingTest
{
    private static final long SAMPLE_NS = 10_000_000L;
    private static final long WINDOW_NS = 100_000_000L;
    private static final int BUDGET = 400;
    private static final int ADMITTED_COST = 3;
    private static final int LATER_MESSAGES = 6;
    private static final long SOCKET_BUFFER_BYTES = 8L * 1024 * 1024;
    private static final int NEW_INVITE = 0;
    private static final int LATER_MESSAGE = 1;

    private final AtomicLong nowNs = new AtomicLong(1_000 * SAMPLE_NS);
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final CallCapacity capacity = new CallCapacity(admitted::get, shed::get, nowNs::get, WINDOW_NS);
    private final LoadShedder shedder = new LoadShedder(OverloadPolicy.DEFAULT, queuedBytes::get, () -> 0,
        () -> 0, () -> 1_764_540_000_123L)
        .watch(new ReceiveQueueDelay(read::get, nowNs::get, OverloadPolicy.DEFAULT.lowQueuedBytes() / 4, WINDOW_NS),
            capacity);
    private final Random noise = new Random(7);
    /** Runs of datagrams in the receive queue, oldest first: {count, kind}. */
    private final ArrayDeque<int[]> queue = new ArrayDeque<>();
    /** Later messages of admitted calls, by the sample they arrive in (modulo its length). */
    private final int[] later = new int[8];
    private long sample;
    private long queued;
    private int credit;
    private int lowestShare;
    private int highestShare;
    private int samplesRefusingAll;
    private long admittedInRun;
    private long mostQueuedBytes;

    /** Runs the model for a number of samples at an offered number of new calls per sample. */
    private void run(final int samples, final int offeredPerSample)
    {
        lowestShare = 100;
        highestShare = 0;
        samplesRefusingAll = 0;
        admittedInRun = 0;
        mostQueuedBytes = 0;
        for (int i = 0; i < samples; i++, sample++)
        {
            arrive(offeredPerSample - 5 + noise.nextInt(11), NEW_INVITE);
            final int slot = (int)(sample % later.length);
            arrive(later[slot], LATER_MESSAGE);
            later[slot] = 0;
            readQueue(BUDGET / 2 + noise.nextInt(BUDGET + 1));
            queuedBytes.set(queued * ReceiveQueueDelay.KERNEL_BYTES_PER_DATAGRAM);
            mostQueuedBytes = Math.max(mostQueuedBytes, queuedBytes.get());
            nowNs.addAndGet(SAMPLE_NS);
            shedder.run();
            lowestShare = Math.min(lowestShare, shedder.refusePercent());
            highestShare = Math.max(highestShare, shedder.refusePercent());
            samplesRefusingAll += shedder.refusePercent() == 100 ? 1 : 0;
        }
    }

    private void arrive(final int count, final int kind)
    {
        if (count > 0)
        {
            queue.addLast(new int[] {count, kind});
            queued += count;
        }
    }

    private void readQueue(final int budget)
    {
        int left = budget;
        while (left > 0 && !queue.isEmpty())
        {
            final int[] run = queue.peekFirst();
            if (run[1] == NEW_INVITE)
            {
                left -= judge();
            }
            else
            {
                left--;
            }
            queued--;
            read.incrementAndGet();
            if (--run[0] == 0)
            {
                queue.removeFirst();
            }
        }
    }

    /** One new INVITE read: refused at the shedder's share, evenly spread; its cost. */
    private int judge()
    {
        credit += shedder.refusePercent();
        if (credit >= 100)
        {
            credit -= 100;
            shed.incrementAndGet();
            return 1;
        }
        admitted.incrementAndGet();
        admittedInRun++;
        for (int after = 2; after <= 4; after++)
        {
            later[(int)((sample + after) % later.length)] += LATER_MESSAGES / 3;
        }
        return ADMITTED_COST;
    }

    @Test
    void shouldSettleAtAShareThatKeepsTheLoopsBusyAtTwiceWhatTheyCarryInsteadOfSwinging()
    {
        // All admitted, a call costs 9 units: about 44 a sample in a budget of 400. 80 are offered;
        // 40 admitted and 40 refused use the budget: a share of about half.
        run(300, 80);

        run(700, 80);

        assertThat(lowestShare).isGreaterThan(10);
        assertThat(samplesRefusingAll).isLessThanOrEqualTo(14);
        assertThat(mostQueuedBytes).isLessThan(SOCKET_BUFFER_BYTES);
        assertThat(admittedInRun / 700).isGreaterThanOrEqualTo(34);
    }

    @Test
    void shouldAdmitEveryCallAgainWithinASecondOfTheOverloadEnding()
    {
        run(1_000, 80);

        run(100, 36);
        run(400, 36);

        assertThat(highestShare).isZero();
        assertThat(mostQueuedBytes).isLessThan(OverloadPolicy.DEFAULT.highQueuedBytes());
    }
}
