package io.softswitch.signaling.sdp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The relay's media address as SDP writes it: {@code IN IP4 a.b.c.d} or {@code IN IP6 x::y}, made
 * once, written many times.
 */
public final class MediaAddress
{
    private final byte[] raw;
    private final byte[] connection;
    private final byte[] nullConnection;

    /**
     * Creates the address.
     *
     * @param address the relay's advertised address.
     */
    public MediaAddress(final InetAddress address)
    {
        this.raw = address.getAddress();
        final boolean v6 = address instanceof Inet6Address;
        final String text = v6 ? compactIpv6(address.getHostAddress()) : address.getHostAddress();
        this.connection = ((v6 ? "IN IP6 " : "IN IP4 ") + text).getBytes(StandardCharsets.US_ASCII);
        this.nullConnection = (v6 ? "IN IP6 ::" : "IN IP4 0.0.0.0").getBytes(StandardCharsets.US_ASCII);
    }

    private static String compactIpv6(final String text)
    {
        final int percent = text.indexOf('%');
        final String bare = percent < 0 ? text : text.substring(0, percent);
        // Java writes every group (2001:db8:0:0:0:0:0:1): SDP readers expect the RFC 5952 form.
        return bare.replaceFirst("(^|:)0(:0)+(:|$)", "::").replaceFirst(":::", "::");
    }

    /** @return the address bytes, 4 or 16. */
    public byte[] raw()
    {
        return raw.clone();
    }

    /** @return whether it is IPv6. */
    public boolean isIpv6()
    {
        return raw.length == 16;
    }

    byte[] connection()
    {
        return connection;
    }

    byte[] nullConnection()
    {
        return nullConnection;
    }
}
