package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;

/**
 * A reusable, allocation-free view of one SDP body (RFC 4566): where each line is, and for each
 * media section what the relay and the codec policy need: media type, port, transport, formats,
 * connection address (the media's own {@code c=} or the session's), {@code a=rtcp} (RFC 3605),
 * {@code a=rtcp-mux} (RFC 5761), the direction (RFC 3264 §5.1) and the {@code a=rtpmap} of each
 * dynamic payload type.
 *
 * <p>{@link #parse} frames the lines ({@link SdpSessionParser} fills the arrays below) and refuses
 * what is not SDP; nothing is copied: later reads and the {@link SdpRewriter} go back to the buffer.
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

    // Written by SdpSessionParser during parse, read through the accessors below.
    ByteBuf buffer;
    int lineCount;
    final byte[] lineType = new byte[MAX_LINES];
    final int[] lineStart = new int[MAX_LINES];
    final int[] lineEnd = new int[MAX_LINES];

    int mediaCount;
    int sessionConnectionLine;
    int originLine;
    final int[] mediaLine = new int[MAX_MEDIA + 1];
    final int[] mediaType = new int[MAX_MEDIA];
    final int[] mediaPort = new int[MAX_MEDIA];
    final boolean[] mediaRtp = new boolean[MAX_MEDIA];
    final int[] rtcpPort = new int[MAX_MEDIA];
    final boolean[] rtcpMux = new boolean[MAX_MEDIA];
    final int[] direction = new int[MAX_MEDIA];
    final int[] formatCount = new int[MAX_MEDIA];
    final int[] formats = new int[MAX_MEDIA * MAX_FORMATS];
    final int[] formatsStart = new int[MAX_MEDIA];
    final int[] addressLength = new int[MAX_MEDIA];
    final byte[] addresses = new byte[MAX_MEDIA * 16];

    private final SdpSessionParser parser = new SdpSessionParser(this);

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
        return parser.parse(in, offset, length);
    }

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
        if (!SdpBytes.startsWith(buffer, start, end, name))
        {
            return -1;
        }
        final int from = start + name.length();
        int stop = SdpBytes.indexOf(buffer, from, end, (byte)' ');
        if (stop < 0)
        {
            stop = end;
        }
        return SdpBytes.decimal(buffer, from, stop);
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
            final int slash = SdpBytes.indexOf(buffer, lineStart[line], lineEnd[line], (byte)'/');
            if (slash > 0)
            {
                int stop = SdpBytes.indexOf(buffer, slash + 1, lineEnd[line], (byte)'/');
                if (stop < 0)
                {
                    stop = lineEnd[line];
                }
                final int rate = SdpBytes.decimal(buffer, slash + 1, stop);
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
            final int from = SdpBytes.indexOf(buffer, lineStart[line], lineEnd[line], (byte)' ') + 1;
            int stop = SdpBytes.indexOf(buffer, from, lineEnd[line], (byte)'/');
            if (from <= 0)
            {
                return false;
            }
            if (stop < 0)
            {
                stop = lineEnd[line];
            }
            return SdpBytes.equalsIgnoreCase(buffer, from, stop, encoding);
        }
        return encoding.equals(StaticPayloadTypes.name(payloadType));
    }
}
