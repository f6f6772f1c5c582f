package io.softswitch.signaling.trunk;

import io.softswitch.signaling.trunk.TrunkLimiter.Admission;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the allocation contract of the per-call trunk lookups: admission and matching a
 * customer by raw address allocate nothing. Counts the bytes the current thread allocates
 * (HotSpot's per-thread counter), not time.
 */
class TrunkAllocationTest
{
    private static final int CALLS = 200_000;
    private static final long MOST_BYTES = 4_096;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final long threadId = Thread.currentThread().threadId();

    @Test
    void shouldAdmitAndReleaseWithoutAllocating()
    {
        final TrunkLimiter limiter = new TrunkLimiter(1_000_000, 10, System::nanoTime);
        admitAndRelease(limiter);

        final long before = threads.getThreadAllocatedBytes(threadId);
        final int admitted = admitAndRelease(limiter);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(admitted).isPositive();
        assertThat(allocated).isLessThan(MOST_BYTES);
    }

    @Test
    void shouldMatchCustomerByAddressBytesWithoutAllocating()
    {
        final CustomerTrunk plain = trunk("plain", "", "192.0.2.0/24");
        final CustomerTrunk prefixed = trunk("prefixed", "7001", "192.0.2.0/24");
        final CustomerDirectory directory = new CustomerDirectory(List.of(
            trunk("other", "", "10.0.0.0/8"), plain, prefixed, trunk("six", "", "2001:db8::/32")));
        final byte[] source = {(byte)192, 0, 2, 10};
        final CharSequence[] users = {"7001442071234567", "442071234567"};
        match(directory, source, users);

        final long before = threads.getThreadAllocatedBytes(threadId);
        final int prefixedMatches = match(directory, source, users);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(prefixedMatches).isEqualTo(CALLS / 2);
        assertThat(allocated).isLessThan(MOST_BYTES);
    }

    private static int admitAndRelease(final TrunkLimiter limiter)
    {
        int admitted = 0;
        for (int i = 0; i < CALLS; i++)
        {
            if (limiter.tryAcquire() == Admission.ADMITTED)
            {
                admitted++;
                limiter.release();
            }
        }
        return admitted;
    }

    private static int match(final CustomerDirectory directory, final byte[] source, final CharSequence[] users)
    {
        int prefixed = 0;
        for (int i = 0; i < CALLS; i++)
        {
            if ("prefixed".equals(directory.match(source, users[i & 1]).name()))
            {
                prefixed++;
            }
        }
        return prefixed;
    }

    private static CustomerTrunk trunk(final String name, final String techPrefix, final String source)
    {
        return new CustomerTrunk(name, List.of(AddressRange.parse(source)), techPrefix, NumberRules.NONE, 10, 10,
            FailoverPolicy.defaults());
    }
}
