package io.softswitch.rtp.internal;

import io.softswitch.rtp.AnchorRequest;

import java.util.Arrays;

/**
 * What each side of each stream slot last announced in SDP (address and RTP and RTCP ports), so
 * that the conductor can tell a relay thread whether an offer or answer changed it: a changed
 * address is the one reason to learn the source again (RFC 7362 §4), a repeated one is not.
 */
public final class AnnouncedAddresses
{
    private static final int ADDRESS_BYTES = 16;
    private static final int PORT_FIELDS = 3;

    /** Per slot and side: the address (16 bytes). */
    private final byte[] addresses;
    /** Per slot and side: the address length, RTP port and RTCP port; -1 before any announcement. */
    private final int[] ports;

    /**
     * Creates the table.
     *
     * @param slots stream slots, over all relay threads.
     */
    public AnnouncedAddresses(final int slots)
    {
        this.addresses = new byte[slots * 2 * ADDRESS_BYTES];
        this.ports = new int[slots * 2 * PORT_FIELDS];
    }

    /**
     * Forgets a slot's announcements, for a new stream in it.
     *
     * @param slot the slot.
     */
    public void reset(final int slot)
    {
        Arrays.fill(ports, slot * 2 * PORT_FIELDS, (slot + 1) * 2 * PORT_FIELDS, -1);
    }

    /**
     * Remembers what a side announced.
     *
     * @param slot    the slot.
     * @param side    0 or 1.
     * @param request the side's description.
     * @return whether it differs from what that side announced before.
     */
    public boolean remember(final int slot, final int side, final AnchorRequest request)
    {
        final int at = (slot * 2 + side) * ADDRESS_BYTES;
        final int fields = (slot * 2 + side) * PORT_FIELDS;
        final int length = request.addressLength();
        boolean changed = ports[fields] != length || ports[fields + 1] != request.rtpPort()
            || ports[fields + 2] != request.rtcpPort();
        for (int i = 0; i < length && !changed; i++)
        {
            changed = addresses[at + i] != request.address()[i];
        }
        System.arraycopy(request.address(), 0, addresses, at, length);
        ports[fields] = length;
        ports[fields + 1] = request.rtpPort();
        ports[fields + 2] = request.rtcpPort();
        return changed;
    }
}
