package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;

/**
 * Frames an SDP body (RFC 4566) into an {@link SdpSession}: splits the lines, and for each
 * media section reads its {@code m=} line, its connection address (its own {@code c=} or the
 * session's), {@code a=rtcp}, {@code a=rtcp-mux} and its direction. One per view, writing into
 * the view's preallocated arrays (aliased here once), so parsing allocates nothing.
 */
final class SdpSessionParser
{
    private final SdpSession view;
    private final byte[] lineType;
    private final int[] lineStart;
    private final int[] lineEnd;
    private final int[] mediaLine;
    private final int[] mediaType;
    private final int[] mediaPort;
    private final boolean[] mediaRtp;
    private final int[] rtcpPort;
    private final boolean[] rtcpMux;
    private final int[] direction;
    private final int[] formatCount;
    private final int[] formats;
    private final int[] formatsStart;
    private final int[] addressLength;
    private final byte[] addresses;
    private final int[] mediaConnectionLine = new int[SdpSession.MAX_MEDIA];
    private final byte[] scratch = new byte[16];
    private int sessionDirection;

    SdpSessionParser(final SdpSession view)
    {
        this.view = view;
        this.lineType = view.lineType;
        this.lineStart = view.lineStart;
        this.lineEnd = view.lineEnd;
        this.mediaLine = view.mediaLine;
        this.mediaType = view.mediaType;
        this.mediaPort = view.mediaPort;
        this.mediaRtp = view.mediaRtp;
        this.rtcpPort = view.rtcpPort;
        this.rtcpMux = view.rtcpMux;
        this.direction = view.direction;
        this.formatCount = view.formatCount;
        this.formats = view.formats;
        this.formatsStart = view.formatsStart;
        this.addressLength = view.addressLength;
        this.addresses = view.addresses;
    }

    /**
     * Frames an SDP body.
     *
     * @param in     the bytes.
     * @param offset first byte of the body.
     * @param length body length.
     * @return false when it is not SDP this view can hold (no {@code v=0} first, a line without
     *         {@code x=}, too many lines or media, a malformed {@code m=} or {@code c=}).
     */
    boolean parse(final ByteBuf in, final int offset, final int length)
    {
        view.buffer = in;
        view.lineCount = 0;
        view.mediaCount = 0;
        view.sessionConnectionLine = -1;
        view.originLine = -1;
        sessionDirection = SdpSession.SENDRECV;
        final int end = offset + length;
        int at = offset;
        while (at < end)
        {
            int eol = in.indexOf(at, end, (byte)'\n');
            final int next = eol < 0 ? end : eol + 1;
            if (eol < 0)
            {
                eol = end;
            }
            int stop = eol;
            if (stop > at && in.getByte(stop - 1) == '\r')
            {
                stop--;
            }
            if (stop > at)
            {
                if (view.lineCount == SdpSession.MAX_LINES || stop - at < 2 || in.getByte(at + 1) != '=')
                {
                    return false;
                }
                lineType[view.lineCount] = in.getByte(at);
                lineStart[view.lineCount] = at + 2;
                lineEnd[view.lineCount] = stop;
                if (!onLine(view.lineCount))
                {
                    return false;
                }
                view.lineCount++;
            }
            at = next;
        }
        if (view.lineCount == 0 || lineType[0] != 'v')
        {
            return false;
        }
        mediaLine[view.mediaCount] = view.lineCount;
        for (int m = 0; m < view.mediaCount; m++)
        {
            final int connection = mediaConnectionLine[m] >= 0 ? mediaConnectionLine[m] : view.sessionConnectionLine;
            addressLength[m] = connection < 0 ? 0 : parseConnection(connection, addresses, m * 16);
            if (addressLength[m] < 0)
            {
                return false;
            }
            if (direction[m] < 0)
            {
                direction[m] = sessionDirection;
            }
        }
        return true;
    }

    private boolean onLine(final int line)
    {
        final byte type = lineType[line];
        final int media = view.mediaCount - 1;
        switch (type)
        {
            case 'o' -> view.originLine = line;
            case 'c' ->
            {
                if (media < 0)
                {
                    view.sessionConnectionLine = line;
                }
                else
                {
                    mediaConnectionLine[media] = line;
                }
            }
            case 'm' ->
            {
                return onMediaLine(line);
            }
            case 'a' -> onAttribute(line, media);
            default ->
            {
                // Other lines pass through as they are.
            }
        }
        return true;
    }

    private boolean onMediaLine(final int line)
    {
        final ByteBuf buffer = view.buffer;
        if (view.mediaCount == SdpSession.MAX_MEDIA)
        {
            return false;
        }
        final int m = view.mediaCount++;
        mediaLine[m] = line;
        mediaConnectionLine[m] = -1;
        rtcpPort[m] = 0;
        rtcpMux[m] = false;
        direction[m] = -1;
        formatCount[m] = 0;
        final int start = lineStart[line];
        final int end = lineEnd[line];
        final int typeEnd = SdpBytes.indexOf(buffer, start, end, (byte)' ');
        if (typeEnd < 0)
        {
            return false;
        }
        mediaType[m] = SdpBytes.startsWith(buffer, start, typeEnd, "audio") ? SdpSession.AUDIO
            : SdpBytes.startsWith(buffer, start, typeEnd, "video") ? SdpSession.VIDEO
            : SdpBytes.startsWith(buffer, start, typeEnd, "image") ? SdpSession.IMAGE : SdpSession.OTHER;
        final int portEnd = SdpBytes.indexOf(buffer, typeEnd + 1, end, (byte)' ');
        if (portEnd < 0)
        {
            return false;
        }
        final int slash = SdpBytes.indexOf(buffer, typeEnd + 1, portEnd, (byte)'/');
        mediaPort[m] = SdpBytes.decimal(buffer, typeEnd + 1, slash < 0 ? portEnd : slash);
        if (mediaPort[m] < 0 || mediaPort[m] > 65535)
        {
            return false;
        }
        final int protoEnd = SdpBytes.indexOf(buffer, portEnd + 1, end, (byte)' ');
        final int protoStop = protoEnd < 0 ? end : protoEnd;
        mediaRtp[m] = SdpBytes.indexOfText(buffer, portEnd + 1, protoStop, "RTP/") >= 0;
        formatsStart[m] = protoEnd < 0 ? end : protoEnd + 1;
        int at = formatsStart[m];
        while (at < end)
        {
            int stop = SdpBytes.indexOf(buffer, at, end, (byte)' ');
            if (stop < 0)
            {
                stop = end;
            }
            if (stop > at)
            {
                if (formatCount[m] == SdpSession.MAX_FORMATS)
                {
                    return false;
                }
                // Non-numeric formats (m=image udptl t38) are kept as -1: they pass, unfiltered.
                formats[m * SdpSession.MAX_FORMATS + formatCount[m]++] = SdpBytes.decimal(buffer, at, stop);
            }
            at = stop + 1;
        }
        return true;
    }

    private void onAttribute(final int line, final int media)
    {
        final ByteBuf buffer = view.buffer;
        final int start = lineStart[line];
        final int end = lineEnd[line];
        final int value = attributeValue(start, end);
        int dir = -1;
        if (SdpBytes.equalsText(buffer, start, end, "sendonly"))
        {
            dir = SdpSession.SENDONLY;
        }
        else if (SdpBytes.equalsText(buffer, start, end, "recvonly"))
        {
            dir = SdpSession.RECVONLY;
        }
        else if (SdpBytes.equalsText(buffer, start, end, "inactive"))
        {
            dir = SdpSession.INACTIVE;
        }
        else if (SdpBytes.equalsText(buffer, start, end, "sendrecv"))
        {
            dir = SdpSession.SENDRECV;
        }
        if (dir >= 0)
        {
            if (media < 0)
            {
                sessionDirection = dir;
            }
            else
            {
                direction[media] = dir;
            }
            return;
        }
        if (media < 0)
        {
            return;
        }
        if (SdpBytes.equalsText(buffer, start, end, "rtcp-mux"))
        {
            rtcpMux[media] = true;
        }
        else if (value > 0 && SdpBytes.equalsText(buffer, start, value - 1, "rtcp"))
        {
            final int space = SdpBytes.indexOf(buffer, value, end, (byte)' ');
            rtcpPort[media] = Math.max(0, SdpBytes.decimal(buffer, value, space < 0 ? end : space));
        }
    }

    /** Where an attribute's value starts (after {@code name:}), or -1 for a flag. */
    private int attributeValue(final int start, final int end)
    {
        final ByteBuf buffer = view.buffer;
        final int colon = SdpBytes.indexOf(buffer, start, end, (byte)':');
        return colon < 0 ? -1 : colon + 1;
    }

    /** Parses {@code IN IP4 addr} / {@code IN IP6 addr}; returns 4, 16, or -1 when malformed. */
    private int parseConnection(final int line, final byte[] out, final int at)
    {
        final ByteBuf buffer = view.buffer;
        final int start = lineStart[line];
        final int end = lineEnd[line];
        if (end - start < 8 || !SdpBytes.startsWith(buffer, start, end, "IN IP"))
        {
            return -1;
        }
        final byte version = buffer.getByte(start + 5);
        int addressEnd = SdpBytes.indexOf(buffer, start + 7, end, (byte)'/');
        if (addressEnd < 0)
        {
            addressEnd = end;
        }
        if (version == '4')
        {
            // A host name here (RFC 4566 allows an FQDN) cannot be anchored: -1, the offer gets 488.
            return IpLiteral.parseIpv4(buffer, start + 7, addressEnd, out, at) ? 4 : -1;
        }
        if (version == '6' && IpLiteral.parseIpv6(buffer, start + 7, addressEnd, scratch))
        {
            System.arraycopy(scratch, 0, out, at, 16);
            return 16;
        }
        return -1;
    }
}
