package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;

/**
 * A reusable, allocation-free view of one SDP body (RFC 4566): where each line is, and for each
 * media section what the relay and the codec policy need: media type, port, transport, formats,
 * connection address (the media's own {@code c=} or the session's), {@code a=rtcp} (RFC 3605),
 * {@code a=rtcp-mux} (RFC 5761), the direction (RFC 3264 §5.1) and the {@code a=rtpmap} of each
 * dynamic payload type.
 *
 * <p>{@link #parse} frames the lines and refuses what is not SDP; nothing is copied: later reads
 * and the {@link SdpRewriter} go back to the buffer.
 */
public final class SdpSession
{
    /** Lines of an SDP body the view holds at most. */
    public static final int MAX_LINES = 256;
    /** Media sections it holds at most. */
    public static final int MAX_MEDIA = 8;
    /** Formats of one media line it holds at most. */
    public static final int MAX_FORMATS = 32;

    /** {@code m=audio}. */
    public static final int AUDIO = 1;
    /** {@code m=video}. */
    public static final int VIDEO = 2;
    /** {@code m=image} (T.38 fax, RFC 3362). */
    public static final int IMAGE = 3;
    /** Any other media. */
    public static final int OTHER = 4;

    /** No direction attribute: sendrecv (RFC 3264 §5.1). */
    public static final int SENDRECV = 0;
    /** {@code a=sendonly}. */
    public static final int SENDONLY = 1;
    /** {@code a=recvonly}. */
    public static final int RECVONLY = 2;
    /** {@code a=inactive}. */
    public static final int INACTIVE = 3;

    private ByteBuf buffer;
    private int lineCount;
    private final byte[] lineType = new byte[MAX_LINES];
    private final int[] lineStart = new int[MAX_LINES];
    private final int[] lineEnd = new int[MAX_LINES];

    private int mediaCount;
    private int sessionConnectionLine;
    private int originLine;
    private int sessionDirection;
    private final int[] mediaLine = new int[MAX_MEDIA + 1];
    private final int[] mediaConnectionLine = new int[MAX_MEDIA];
    private final int[] mediaType = new int[MAX_MEDIA];
    private final int[] mediaPort = new int[MAX_MEDIA];
    private final boolean[] mediaRtp = new boolean[MAX_MEDIA];
    private final int[] rtcpPort = new int[MAX_MEDIA];
    private final boolean[] rtcpMux = new boolean[MAX_MEDIA];
    private final int[] direction = new int[MAX_MEDIA];
    private final int[] formatCount = new int[MAX_MEDIA];
    private final int[] formats = new int[MAX_MEDIA * MAX_FORMATS];
    private final int[] formatsStart = new int[MAX_MEDIA];
    private final int[] addressLength = new int[MAX_MEDIA];
    private final byte[] addresses = new byte[MAX_MEDIA * 16];
    private final byte[] scratch = new byte[16];

    /**
     * Frames an SDP body.
     *
     * @param in     the bytes.
     * @param offset first byte of the body.
     * @param length body length.
     * @return false when it is not SDP this view can hold (no {@code v=0} first, a line without
     *         {@code x=}, too many lines or media, a malformed {@code m=} or {@code c=}).
     */
    public boolean parse(final ByteBuf in, final int offset, final int length)
    {
        this.buffer = in;
        lineCount = 0;
        mediaCount = 0;
        sessionConnectionLine = -1;
        originLine = -1;
        sessionDirection = SENDRECV;
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
                if (lineCount == MAX_LINES || stop - at < 2 || in.getByte(at + 1) != '=')
                {
                    return false;
                }
                lineType[lineCount] = in.getByte(at);
                lineStart[lineCount] = at + 2;
                lineEnd[lineCount] = stop;
                if (!onLine(lineCount))
                {
                    return false;
                }
                lineCount++;
            }
            at = next;
        }
        if (lineCount == 0 || lineType[0] != 'v')
        {
            return false;
        }
        mediaLine[mediaCount] = lineCount;
        for (int m = 0; m < mediaCount; m++)
        {
            final int connection = mediaConnectionLine[m] >= 0 ? mediaConnectionLine[m] : sessionConnectionLine;
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
        final int media = mediaCount - 1;
        switch (type)
        {
            case 'o' -> originLine = line;
            case 'c' ->
            {
                if (media < 0)
                {
                    sessionConnectionLine = line;
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
        if (mediaCount == MAX_MEDIA)
        {
            return false;
        }
        final int m = mediaCount++;
        mediaLine[m] = line;
        mediaConnectionLine[m] = -1;
        rtcpPort[m] = 0;
        rtcpMux[m] = false;
        direction[m] = -1;
        formatCount[m] = 0;
        final int start = lineStart[line];
        final int end = lineEnd[line];
        final int typeEnd = indexOf(start, end, (byte)' ');
        if (typeEnd < 0)
        {
            return false;
        }
        mediaType[m] = startsWith(start, typeEnd, "audio") ? AUDIO : startsWith(start, typeEnd, "video") ? VIDEO
            : startsWith(start, typeEnd, "image") ? IMAGE : OTHER;
        final int portEnd = indexOf(typeEnd + 1, end, (byte)' ');
        if (portEnd < 0)
        {
            return false;
        }
        final int slash = indexOf(typeEnd + 1, portEnd, (byte)'/');
        mediaPort[m] = decimal(typeEnd + 1, slash < 0 ? portEnd : slash);
        if (mediaPort[m] < 0 || mediaPort[m] > 65535)
        {
            return false;
        }
        final int protoEnd = indexOf(portEnd + 1, end, (byte)' ');
        final int protoStop = protoEnd < 0 ? end : protoEnd;
        mediaRtp[m] = indexOfText(portEnd + 1, protoStop, "RTP/") >= 0;
        formatsStart[m] = protoEnd < 0 ? end : protoEnd + 1;
        int at = formatsStart[m];
        while (at < end)
        {
            int stop = indexOf(at, end, (byte)' ');
            if (stop < 0)
            {
                stop = end;
            }
            if (stop > at)
            {
                if (formatCount[m] == MAX_FORMATS)
                {
                    return false;
                }
                // Non-numeric formats (m=image udptl t38) are kept as -1: they pass, unfiltered.
                formats[m * MAX_FORMATS + formatCount[m]++] = decimal(at, stop);
            }
            at = stop + 1;
        }
        return true;
    }

    private void onAttribute(final int line, final int media)
    {
        final int start = lineStart[line];
        final int end = lineEnd[line];
        final int value = attributeValue(start, end);
        int dir = -1;
        if (equalsText(start, end, "sendonly"))
        {
            dir = SENDONLY;
        }
        else if (equalsText(start, end, "recvonly"))
        {
            dir = RECVONLY;
        }
        else if (equalsText(start, end, "inactive"))
        {
            dir = INACTIVE;
        }
        else if (equalsText(start, end, "sendrecv"))
        {
            dir = SENDRECV;
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
        if (equalsText(start, end, "rtcp-mux"))
        {
            rtcpMux[media] = true;
        }
        else if (value > 0 && equalsText(start, value - 1, "rtcp"))
        {
            final int space = indexOf(value, end, (byte)' ');
            rtcpPort[media] = Math.max(0, decimal(value, space < 0 ? end : space));
        }
    }

    /** Where an attribute's value starts (after {@code name:}), or -1 for a flag. */
    int attributeValue(final int start, final int end)
    {
        final int colon = indexOf(start, end, (byte)':');
        return colon < 0 ? -1 : colon + 1;
    }

    /** Parses {@code IN IP4 addr} / {@code IN IP6 addr}; returns 4, 16, or -1 when malformed. */
    private int parseConnection(final int line, final byte[] out, final int at)
    {
        final int start = lineStart[line];
        final int end = lineEnd[line];
        if (end - start < 8 || !startsWith(start, end, "IN IP"))
        {
            return -1;
        }
        final byte version = buffer.getByte(start + 5);
        int addressEnd = indexOf(start + 7, end, (byte)'/');
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

    // ---- reads for the relay and the rewriter -------------------------------------------------

    /** @return the buffer parsed last. */
    public ByteBuf buffer()
    {
        return buffer;
    }

    /** @return lines of the body. */
    public int lineCount()
    {
        return lineCount;
    }

    /**
     * @param line the line.
     * @return its type letter.
     */
    public byte lineType(final int line)
    {
        return lineType[line];
    }

    /**
     * @param line the line.
     * @return where its value starts (after {@code x=}).
     */
    public int lineStart(final int line)
    {
        return lineStart[line];
    }

    /**
     * @param line the line.
     * @return one past its last byte, before CRLF.
     */
    public int lineEnd(final int line)
    {
        return lineEnd[line];
    }

    /** @return the {@code o=} line, -1 if none. */
    public int originLine()
    {
        return originLine;
    }

    /** @return the session-level {@code c=} line, -1 if none. */
    public int sessionConnectionLine()
    {
        return sessionConnectionLine;
    }

    /** @return media sections. */
    public int mediaCount()
    {
        return mediaCount;
    }

    /**
     * @param media the media section.
     * @return its {@code m=} line; {@code mediaLine(mediaCount())} is one past the last line.
     */
    public int mediaLine(final int media)
    {
        return mediaLine[media];
    }

    /**
     * @param media the media section.
     * @return {@link #AUDIO}, {@link #VIDEO}, {@link #IMAGE} or {@link #OTHER}.
     */
    public int mediaType(final int media)
    {
        return mediaType[media];
    }

    /**
     * @param media the media section.
     * @return its port; 0 means rejected or disabled (RFC 3264 §6).
     */
    public int port(final int media)
    {
        return mediaPort[media];
    }

    /**
     * @param media the media section.
     * @return whether the transport is RTP (RTP/AVP, RTP/SAVP ...), not UDPTL or another.
     */
    public boolean isRtp(final int media)
    {
        return mediaRtp[media];
    }

    /**
     * @param media the media section.
     * @return {@code a=rtcp} port, 0 if none (then RTP + 1).
     */
    public int rtcpPort(final int media)
    {
        return rtcpPort[media];
    }

    /**
     * @param media the media section.
     * @return whether {@code a=rtcp-mux} is present.
     */
    public boolean rtcpMux(final int media)
    {
        return rtcpMux[media];
    }

    /**
     * @param media the media section.
     * @return its direction, the session's when the media has none.
     */
    public int direction(final int media)
    {
        return direction[media];
    }

    /**
     * @param media the media section.
     * @return 4 or 16 for its connection address, 0 when there is none.
     */
    public int addressLength(final int media)
    {
        return addressLength[media];
    }

    /**
     * Copies a media's connection address.
     *
     * @param media the media section.
     * @param into  where, at least 16 bytes.
     * @return its length (4 or 16), 0 if none.
     */
    public int copyAddress(final int media, final byte[] into)
    {
        System.arraycopy(addresses, media * 16, into, 0, addressLength[media]);
        return addressLength[media];
    }

    /**
     * @param media the media section.
     * @return whether its address is all zeros (RFC 2543 hold, {@code c=IN IP4 0.0.0.0}).
     */
    public boolean isNullAddress(final int media)
    {
        for (int i = 0; i < addressLength[media]; i++)
        {
            if (addresses[media * 16 + i] != 0)
            {
                return false;
            }
        }
        return addressLength[media] > 0;
    }

    /**
     * @param media the media section.
     * @return formats on its {@code m=} line.
     */
    public int formatCount(final int media)
    {
        return formatCount[media];
    }

    /**
     * @param media the media section.
     * @param index which format.
     * @return its payload type, -1 when not a number (T.38's {@code t38}).
     */
    public int format(final int media, final int index)
    {
        return formats[media * MAX_FORMATS + index];
    }

    /**
     * @param media the media section.
     * @return where the format list starts on the {@code m=} line.
     */
    public int formatsStart(final int media)
    {
        return formatsStart[media];
    }

    /**
     * Finds the {@code a=rtpmap} of a payload type in a media section.
     *
     * @param media       the media section.
     * @param payloadType the payload type.
     * @return the line, -1 if none.
     */
    public int rtpmapLine(final int media, final int payloadType)
    {
        for (int line = mediaLine[media] + 1; line < mediaLine[media + 1]; line++)
        {
            if (lineType[line] == 'a' && payloadTypeOfAttribute(line, "rtpmap:") == payloadType)
            {
                return line;
            }
        }
        return -1;
    }

    /**
     * The payload type an attribute like {@code a=rtpmap:97 ...} or {@code a=fmtp:97 ...} is about.
     *
     * @param line the line.
     * @param name the attribute name with its colon.
     * @return the payload type, -1 when the line is not that attribute.
     */
    public int payloadTypeOfAttribute(final int line, final String name)
    {
        final int start = lineStart[line];
        final int end = lineEnd[line];
        if (!startsWith(start, end, name))
        {
            return -1;
        }
        final int from = start + name.length();
        int stop = indexOf(from, end, (byte)' ');
        if (stop < 0)
        {
            stop = end;
        }
        return decimal(from, stop);
    }

    /**
     * The clock rate of a payload type: from its {@code a=rtpmap}, else the static table of
     * RFC 3551 §6 (8,000 Hz for the audio types, 90,000 for video).
     *
     * @param media       the media section.
     * @param payloadType the payload type.
     * @return Hz.
     */
    public int clockRate(final int media, final int payloadType)
    {
        final int line = rtpmapLine(media, payloadType);
        if (line >= 0)
        {
            final int slash = indexOf(lineStart[line], lineEnd[line], (byte)'/');
            if (slash > 0)
            {
                int stop = indexOf(slash + 1, lineEnd[line], (byte)'/');
                if (stop < 0)
                {
                    stop = lineEnd[line];
                }
                final int rate = decimal(slash + 1, stop);
                if (rate > 0)
                {
                    return rate;
                }
            }
        }
        return mediaType[media] == VIDEO ? 90_000 : 8_000;
    }

    /**
     * Whether a payload type of a media section is the named encoding, by its {@code a=rtpmap}
     * or, for static types, by RFC 3551's table. Case-insensitive (RFC 4855 §3).
     *
     * @param media       the media section.
     * @param payloadType the payload type.
     * @param encoding    the encoding name, upper case.
     * @return true when it is.
     */
    public boolean isEncoding(final int media, final int payloadType, final String encoding)
    {
        final int line = rtpmapLine(media, payloadType);
        if (line >= 0)
        {
            final int from = indexOf(lineStart[line], lineEnd[line], (byte)' ') + 1;
            int stop = indexOf(from, lineEnd[line], (byte)'/');
            if (from <= 0)
            {
                return false;
            }
            if (stop < 0)
            {
                stop = lineEnd[line];
            }
            return equalsIgnoreCase(from, stop, encoding);
        }
        return encoding.equals(StaticPayloadTypes.name(payloadType));
    }

    // ---- byte helpers ---------------------------------------------------------------------------

    int indexOf(final int from, final int end, final byte value)
    {
        if (from >= end)
        {
            return -1;
        }
        return buffer.indexOf(from, end, value);
    }

    private int indexOfText(final int from, final int end, final String text)
    {
        for (int i = from; i + text.length() <= end; i++)
        {
            if (startsWith(i, end, text))
            {
                return i;
            }
        }
        return -1;
    }

    boolean startsWith(final int from, final int end, final String text)
    {
        if (end - from < text.length())
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (buffer.getByte(from + i) != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    boolean equalsText(final int from, final int end, final String text)
    {
        return end - from == text.length() && startsWith(from, end, text);
    }

    private boolean equalsIgnoreCase(final int from, final int end, final String text)
    {
        if (end - from != text.length())
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final int b = buffer.getByte(from + i);
            final int upper = b >= 'a' && b <= 'z' ? b - 32 : b;
            if (upper != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    int decimal(final int from, final int end)
    {
        if (from >= end || end - from > 9)
        {
            return -1;
        }
        int value = 0;
        for (int i = from; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b < '0' || b > '9')
            {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
