package io.softswitch.rtp.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortPoolTest
{
    private static final long QUARANTINE_NS = 4_000_000_000L;

    @Test
    void shouldHandOutEvenPortsOfTheRangeUntilExhaustedThenRefuse()
    {
        final PortPool pool = new PortPool(30001, 30010, QUARANTINE_NS);
        final Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < pool.capacity(); i++)
        {
            final int port = pool.acquire(0);
            assertThat(port).isEven().isBetween(30002, 30009);
            ports.add(port);
        }
        assertThat(pool.capacity()).isEqualTo(4);
        assertThat(ports).containsExactlyInAnyOrder(30002, 30004, 30006, 30008);
        assertThat(pool.acquire(0)).isEqualTo(PortPool.NO_PORT);
        assertThat(pool.inUse()).isEqualTo(4);
    }

    @Test
    void shouldKeepAReleasedPairInQuarantineUntilItsTimeIsOver()
    {
        final PortPool pool = new PortPool(30000, 30003, QUARANTINE_NS);
        final int first = pool.acquire(0);
        final int second = pool.acquire(0);
        pool.release(first, 1_000);
        assertThat(pool.inUse()).isEqualTo(1);
        assertThat(pool.inQuarantine()).isEqualTo(1);
        assertThat(pool.acquire(1_000 + QUARANTINE_NS - 1)).isEqualTo(PortPool.NO_PORT);
        assertThat(pool.acquire(1_000 + QUARANTINE_NS)).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void shouldReuseTheLongestFreePairFirst()
    {
        final PortPool pool = new PortPool(30000, 30007, 0);
        final int a = pool.acquire(0);
        final int b = pool.acquire(0);
        pool.release(a, 0);
        pool.release(b, 0);
        // Two pairs were never used: they come before the released ones, then a before b.
        final int c = pool.acquire(1);
        final int d = pool.acquire(1);
        assertThat(c).isNotIn(a, b);
        assertThat(d).isNotIn(a, b, c);
        assertThat(pool.acquire(1)).isEqualTo(a);
        assertThat(pool.acquire(1)).isEqualTo(b);
    }

    @Test
    void shouldBeWholeAgainAfterEveryPairIsReleasedAndRested()
    {
        final PortPool pool = new PortPool(40000, 40099, QUARANTINE_NS);
        final int[] taken = new int[pool.capacity()];
        for (int i = 0; i < taken.length; i++)
        {
            taken[i] = pool.acquire(0);
        }
        for (final int port : taken)
        {
            pool.release(port, 10);
        }
        assertThat(pool.available(10)).isZero();
        assertThat(pool.available(10 + QUARANTINE_NS)).isEqualTo(50);
        assertThat(pool.inUse()).isZero();
    }

    @Test
    void shouldRefuseToReleaseAPairTwiceOrAPortItNeverGave()
    {
        final PortPool pool = new PortPool(30000, 30003, 0);
        final int port = pool.acquire(0);
        pool.release(port, 0);
        assertThatThrownBy(() -> pool.release(port, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.release(port + 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.release(29998, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectARangeWithoutAPair()
    {
        assertThatThrownBy(() -> new PortPool(30001, 30002, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortPool(80, 30002, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
