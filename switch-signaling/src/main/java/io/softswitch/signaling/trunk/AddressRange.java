package io.softswitch.signaling.trunk;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses in CIDR form ({@code 192.0.2.0/24}, {@code 2001:db8::/32});
 * a bare address is a block of one.
 *
 * @param network      the address bytes with the host bits cleared (4 or 16 bytes).
 * @param prefixLength how many leading bits are fixed.
 */
public record AddressRange(byte[] network, int prefixLength)
{
    // InetAddress.ofLiteral also takes the legacy forms "10.1" and "167772161"; a CIDR list must
    // not read "10.1.2" as 10.1.0.2, so IPv4 is accepted only as a dotted quad.
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,3}");

    /**
     * Validates the block and clears its host bits.
     */
    public AddressRange
    {
        if (network.length != 4 && network.length != 16)
        {
            throw new IllegalArgumentException("address must be 4 or 16 bytes: length=" + network.length);
        }
        if (prefixLength < 0 || prefixLength > network.length * 8)
        {
            throw new IllegalArgumentException("prefix length out of range: prefixLength=" + prefixLength);
        }
        network = network.clone();
        for (int bit = prefixLength; bit < network.length * 8; bit++)
        {
            network[bit >> 3] &= (byte)~(0x80 >>> (bit & 7));
        }
    }

    /**
     * Parses {@code address[/prefixLength]}; the address must be a literal, never a host name,
     * so that parsing never touches DNS.
     *
     * @param text the block.
     * @return the block.
     * @throws IllegalArgumentException with the reason when the text is not a block.
     */
    public static AddressRange parse(final String text)
    {
        final int slash = text.indexOf('/');
        final String addressText = slash < 0 ? text : text.substring(0, slash);
        final byte[] address = literalAddress(addressText);
        if (slash < 0)
        {
            return new AddressRange(address, address.length * 8);
        }
        final String lengthText = text.substring(slash + 1);
        if (!DECIMAL.matcher(lengthText).matches())
        {
            throw new IllegalArgumentException("bad prefix length in address range: " + text);
        }
        final int prefixLength = Integer.parseInt(lengthText);
        return new AddressRange(address, prefixLength);
    }

    /**
     * The network address bytes, host bits cleared.
     *
     * @return a copy, so that the block stays immutable.
     */
    @Override
    public byte[] network()
    {
        return network.clone();
    }

    /**
     * Whether the address lies in this block. Allocation free.
     *
     * @param address 4 or 16 address bytes, as {@link InetAddress#getAddress()} gives them.
     * @return true when the leading {@code prefixLength} bits match.
     */
    public boolean contains(final byte[] address)
    {
        if (address.length != network.length)
        {
            return false;
        }
        final int wholeBytes = prefixLength >> 3;
        for (int i = 0; i < wholeBytes; i++)
        {
            if (address[i] != network[i])
            {
                return false;
            }
        }
        final int remainingBits = prefixLength & 7;
        if (remainingBits == 0)
        {
            return true;
        }
        final int mask = (0xFF00 >>> remainingBits) & 0xFF;
        return (address[wholeBytes] & mask) == (network[wholeBytes] & 0xFF);
    }

    /**
     * Whether the address lies in this block.
     *
     * @param address the address.
     * @return true when it is inside.
     */
    public boolean contains(final InetAddress address)
    {
        return contains(address.getAddress());
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof AddressRange range &&
            range.prefixLength == prefixLength && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode()
    {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(48);
        if (network.length == 4)
        {
            text.append(network[0] & 0xFF).append('.').append(network[1] & 0xFF).append('.')
                .append(network[2] & 0xFF).append('.').append(network[3] & 0xFF);
        }
        else
        {
            appendIpv6(text, network);
        }
        return text.append('/').append(prefixLength).toString();
    }

    /**
     * Writes an IPv6 address in the canonical text form of RFC 5952 §4: lower-case hex groups
     * without leading zeros, the first longest run of two or more zero groups as {@code ::}.
     */
    private static void appendIpv6(final StringBuilder text, final byte[] address)
    {
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++)
        {
            int end = i;
            while (end < 8 && groups[end] == 0)
            {
                end++;
            }
            if (end - i > bestLength)
            {
                bestStart = i;
                bestLength = end - i;
            }
            i = Math.max(i, end);
        }
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength)
            {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
    }

    private static byte[] literalAddress(final String text)
    {
        if (text.indexOf(':') < 0 && !DOTTED_QUAD.matcher(text).matches())
        {
            throw new IllegalArgumentException("not an IP address literal: " + text);
        }
        try
        {
            return InetAddress.ofLiteral(text).getAddress();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an IP address literal: " + text, ex);
        }
    }
}
