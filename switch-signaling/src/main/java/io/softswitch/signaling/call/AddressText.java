package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.SipMessage;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The bytes and text of the source addresses a loop meets (trunk matching; {@code received=},
 * RFC 3261 §18.2.1), kept for the few peers a switch talks to so that neither clones the address
 * nor makes a {@code String} per message: a small table of recent addresses, replaced round robin.
 */
final class AddressText
{
    private static final int SIZE = 16;

    private final InetAddress[] addresses = new InetAddress[SIZE];
    private final byte[][] texts = new byte[SIZE][];
    private final byte[][] raw = new byte[SIZE][];
    private int next;

    /**
     * The address as text (IPv6 without brackets, as {@code received} carries it).
     *
     * @param address the address.
     * @return its text; shared, not to be changed.
     */
    byte[] of(final InetAddress address)
    {
        return texts[slot(address)];
    }

    /**
     * The address's bytes, as {@link InetAddress#getAddress()} gives them.
     *
     * @param address the address.
     * @return 4 or 16 bytes; shared, not to be changed.
     */
    byte[] bytes(final InetAddress address)
    {
        return raw[slot(address)];
    }

    private int slot(final InetAddress address)
    {
        for (int i = 0; i < SIZE; i++)
        {
            if (address.equals(addresses[i]))
            {
                return i;
            }
        }
        final int slot = next;
        addresses[slot] = address;
        texts[slot] = address.getHostAddress().getBytes(StandardCharsets.US_ASCII);
        raw[slot] = address.getAddress();
        next = (next + 1) % SIZE;
        return slot;
    }

    /**
     * Whether the top Via's sent-by host is written as the address the request came from.
     *
     * @param request the request.
     * @param source  where it came from.
     * @return true when they are the same text.
     */
    boolean isHostOf(final SipMessage request, final InetSocketAddress source)
    {
        final ByteBuf in = request.buffer();
        int offset = request.viaHostOffset();
        int length = request.viaHostLength();
        if (offset < 0 || length <= 0)
        {
            return false;
        }
        if (in.getByte(offset) == '[' && length > 2)
        {
            offset++;
            length -= 2;
        }
        final byte[] text = of(source.getAddress());
        if (length != text.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if ((in.getByte(offset + i) | 0x20) != (text[i] | 0x20))
            {
                return false;
            }
        }
        return true;
    }
}
