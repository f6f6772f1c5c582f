package io.softswitch.signaling.transport;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Raw {@code sockaddr} bytes as the kernel writes them become one reusable address object per
 * source: IPv4 and IPv4-mapped IPv6 alike as an IPv4 address, IPv6 with its scope, anything
 * else refused.
 */
class SourceAddressesTest
{
    private final Arena arena = Arena.ofAuto();
    private final SourceAddresses sources = new SourceAddresses(64);

    @Test
    void shouldReturnTheSameObjectForTheSameSource() throws Exception
    {
        final InetSocketAddress first = sources.of(sockaddrIn(10, 1, 2, 3, 5060), 0, 16);
        final InetSocketAddress again = sources.of(sockaddrIn(10, 1, 2, 3, 5060), 0, 16);
        final InetSocketAddress otherPort = sources.of(sockaddrIn(10, 1, 2, 3, 5061), 0, 16);

        assertThat(first).isEqualTo(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 5060));
        assertThat(again).isSameAs(first);
        assertThat(otherPort.getPort()).isEqualTo(5061);
        assertThat(sources.made()).isEqualTo(2);
    }

    @Test
    void shouldTakeAnIpv4MappedSourceOnADualStackSocketAsTheIpv4Address() throws Exception
    {
        final byte[] mapped = new byte[16];
        mapped[10] = (byte)0xff;
        mapped[11] = (byte)0xff;
        mapped[12] = (byte)192;
        mapped[13] = 0;
        mapped[14] = 2;
        mapped[15] = 7;

        final InetSocketAddress fromV6Socket = sources.of(sockaddrIn6(mapped, 40000, 0), 0, 28);
        final InetSocketAddress fromV4Socket = sources.of(sockaddrIn(192, 0, 2, 7, 40000), 0, 16);

        assertThat(fromV6Socket.getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(fromV6Socket).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000));
        assertThat(fromV4Socket).isSameAs(fromV6Socket);
    }

    @Test
    void shouldKeepAnIpv6SourcesAddressAndScope() throws Exception
    {
        final byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();

        final InetSocketAddress scoped = sources.of(sockaddrIn6(linkLocal, 5060, 3), 0, 28);
        final InetSocketAddress unscoped = sources.of(sockaddrIn6(linkLocal, 5060, 0), 0, 28);

        assertThat(scoped.getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(((Inet6Address)scoped.getAddress()).getScopeId()).isEqualTo(3);
        assertThat(unscoped.getAddress().getAddress()).isEqualTo(linkLocal);
        assertThat(((Inet6Address)unscoped.getAddress()).getScopeId()).isZero();
        assertThat(unscoped).isNotSameAs(scoped);
        assertThat(sources.made()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAnotherFamilyOrAShortName()
    {
        final MemorySegment unix = arena.allocate(32);
        unix.set(ValueLayout.JAVA_SHORT, 0, (short)1);

        assertThat(sources.of(unix, 0, 16)).isNull();
        assertThat(sources.of(sockaddrIn(10, 0, 0, 1, 1), 0, 8)).isNull();
        assertThat(sources.made()).isZero();
    }

    @Test
    void shouldRefuseASizeThatIsNotAPowerOfTwo()
    {
        assertThatThrownBy(() -> new SourceAddresses(100)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("slots=100");
    }

    private MemorySegment sockaddrIn(final int a, final int b, final int c, final int d, final int port)
    {
        final MemorySegment name = arena.allocate(32);
        name.set(ValueLayout.JAVA_SHORT, 0, (short)SourceAddresses.AF_INET);
        name.set(ValueLayout.JAVA_BYTE, 2, (byte)(port >>> 8));
        name.set(ValueLayout.JAVA_BYTE, 3, (byte)port);
        name.set(ValueLayout.JAVA_BYTE, 4, (byte)a);
        name.set(ValueLayout.JAVA_BYTE, 5, (byte)b);
        name.set(ValueLayout.JAVA_BYTE, 6, (byte)c);
        name.set(ValueLayout.JAVA_BYTE, 7, (byte)d);
        return name;
    }

    private MemorySegment sockaddrIn6(final byte[] address, final int port, final int scope)
    {
        final MemorySegment name = arena.allocate(32);
        name.set(ValueLayout.JAVA_SHORT, 0, (short)SourceAddresses.AF_INET6);
        name.set(ValueLayout.JAVA_BYTE, 2, (byte)(port >>> 8));
        name.set(ValueLayout.JAVA_BYTE, 3, (byte)port);
        MemorySegment.copy(address, 0, name, ValueLayout.JAVA_BYTE, 8, 16);
        name.set(ValueLayout.JAVA_INT_UNALIGNED, 24, scope);
        return name;
    }
}
