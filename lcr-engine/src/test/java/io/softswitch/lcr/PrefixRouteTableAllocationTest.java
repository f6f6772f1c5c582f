package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the allocation contract of {@link PrefixRouteTable}: a route query allocates nothing.
 * Counts the bytes the current thread allocates (HotSpot's per-thread counter), not time.
 */
class PrefixRouteTableAllocationTest
{
    private static final int QUERIES = 200_000;

    @Test
    void shouldAllocateNothingPerQuery()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final PrefixRouteTable table = new PrefixRouteTable(List.of(
            new StaticRoute("", List.of("default")),
            new StaticRoute("1", List.of("a")),
            new StaticRoute("1201", List.of("b")),
            new StaticRoute("4420", List.of("c", "d"))));
        final CharSequence[] numbers = {"12015550100", "442071234567", "33123456789", "1x"};
        final RouteResult[] sink = new RouteResult[1];
        final RouteListener listener = result -> sink[0] = result;
        final long threadId = Thread.currentThread().threadId();
        query(table, numbers, listener);

        final long before = threads.getThreadAllocatedBytes(threadId);
        query(table, numbers, listener);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(sink[0]).isSameAs(RouteResult.NO_ROUTE);
        // A single allocation per query would be at least 16 bytes x 200,000; this leaves room
        // only for a stray object of the JVM's own.
        assertThat(allocated).isLessThan(4_096);
    }

    private static void query(final PrefixRouteTable table, final CharSequence[] numbers, final RouteListener listener)
    {
        for (int i = 0; i < QUERIES; i++)
        {
            table.route("customer", numbers[i & 3], listener);
        }
    }
}
