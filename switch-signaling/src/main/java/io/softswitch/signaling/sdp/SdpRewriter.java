package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

import static io.softswitch.signaling.codec.SipMessageWriter.writeDecimal;

/**
 * Rewrites the SDP one leg sent for the other leg, so that media flows through the relay and no
 * address of one carrier reaches the other (topology hiding):
 *
 * <ul>
 *   <li>{@code o=} becomes this leg's own origin ({@link SdpOrigin}): user {@code -}, our session
 *       id, a version that moves only when the content does, the relay's address;</li>
 *   <li>{@code s=} becomes {@code -}; {@code i=}, {@code u=}, {@code e=}, {@code p=}, {@code k=}
 *       and ICE lines ({@code a=candidate} and friends) are dropped;</li>
 *   <li>one session-level {@code c=} names the relay; media-level {@code c=} lines go, except
 *       {@code c=0.0.0.0} of a media on hold (RFC 2543 hold stays hold, RFC 3264 §8.4);</li>
 *   <li>each anchored {@code m=} gets the relay's port, its {@code a=rtcp} the odd port above it
 *       (RFC 3605); a port 0 (disabled media) stays 0;</li>
 *   <li>with a codec policy, audio formats are kept in the policy's order, others removed along
 *       with their {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb};
 *       {@code telephone-event} and non-audio media pass.</li>
 * </ul>
 * Direction attributes and {@code a=rtcp-mux} pass as they are. One per event loop; call
 * {@link #plan} then {@link #write} on the same {@link SdpSession}.
 */
public final class SdpRewriter
{
    /** Rewritten. */
    public static final int OK = 0;
    /** Not SDP the switch can read: 400 for a request, or the call fails. */
    public static final int MALFORMED = 1;
    /** No audio codec in common with the trunk's policy: 488, counted as a codec mismatch. */
    public static final int CODEC_MISMATCH = 2;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] ORIGIN_HEAD = "o=- ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SESSION_NAME = "s=-\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RTCP = "a=rtcp:".getBytes(StandardCharsets.US_ASCII);

    private final int[] kept = new int[SdpSession.MAX_MEDIA * SdpSession.MAX_FORMATS];
    private final int[] keptCount = new int[SdpSession.MAX_MEDIA];
    private final boolean[] disabled = new boolean[SdpSession.MAX_MEDIA];
    private final ByteBuf body = Unpooled.buffer(2048);

    /**
     * Decides which formats each media keeps under a policy.
     *
     * @param sdp    the parsed SDP.
     * @param policy the trunk's policy; {@link CodecPolicy#ANY} keeps the offer's.
     * @return {@link #OK} or {@link #CODEC_MISMATCH}.
     */
    public int plan(final SdpSession sdp, final CodecPolicy policy)
    {
        boolean audioOffered = false;
        boolean audioKept = false;
        for (int m = 0; m < sdp.mediaCount(); m++)
        {
            final int base = m * SdpSession.MAX_FORMATS;
            keptCount[m] = 0;
            disabled[m] = sdp.port(m) == 0;
            final boolean filter = !policy.allowsAll() && sdp.mediaType(m) == SdpSession.AUDIO && sdp.isRtp(m);
            if (!filter)
            {
                for (int f = 0; f < sdp.formatCount(m); f++)
                {
                    kept[base + keptCount[m]++] = sdp.format(m, f);
                }
                continue;
            }
            if (disabled[m])
            {
                continue;
            }
            audioOffered = true;
            for (int rank = 0; rank < policy.size(); rank++)
            {
                final String codec = policy.codec(rank);
                for (int f = 0; f < sdp.formatCount(m); f++)
                {
                    final int pt = sdp.format(m, f);
                    if (pt >= 0 && !contains(base, keptCount[m], pt) && sdp.isEncoding(m, pt, codec))
                    {
                        kept[base + keptCount[m]++] = pt;
                    }
                }
            }
            final int codecs = keptCount[m];
            for (int f = 0; f < sdp.formatCount(m); f++)
            {
                final int pt = sdp.format(m, f);
                if (pt >= 0 && !contains(base, keptCount[m], pt) && sdp.isEncoding(m, pt, CodecPolicy.TELEPHONE_EVENT))
                {
                    kept[base + keptCount[m]++] = pt;
                }
            }
            if (codecs == 0)
            {
                // Nothing to speak with on this line: it is disabled (port 0, RFC 3264 §6).
                disabled[m] = true;
                keptCount[m] = 0;
                kept[base + keptCount[m]++] = sdp.format(m, 0);
            }
            else
            {
                audioKept = true;
            }
        }
        return audioOffered && !audioKept ? CODEC_MISMATCH : OK;
    }

    /**
     * Plans under two trunks' policies: only codecs both allow are kept, in the first policy's order,
     * or the second's when the first allows any.
     *
     * @param sdp    the parsed SDP.
     * @param first  the customer trunk's policy.
     * @param second the vendor trunk's policy.
     * @return {@link #OK} or {@link #CODEC_MISMATCH}.
     */
    public int plan(final SdpSession sdp, final CodecPolicy first, final CodecPolicy second)
    {
        if (first.allowsAll())
        {
            return plan(sdp, second);
        }
        final int planned = plan(sdp, first);
        return planned != OK ? planned : restrict(sdp, second);
    }

    /**
     * Narrows a plan to the codecs a second policy also allows (the other trunk's), keeping the
     * order the plan gave them; {@code telephone-event} stays. An audio media left with no codec is
     * disabled.
     *
     * @param sdp    the SDP {@link #plan} was made on.
     * @param policy the second trunk's policy.
     * @return {@link #OK} or {@link #CODEC_MISMATCH} when no audio media is left with a codec.
     */
    public int restrict(final SdpSession sdp, final CodecPolicy policy)
    {
        if (policy.allowsAll())
        {
            return OK;
        }
        boolean audioOffered = false;
        boolean audioKept = false;
        for (int m = 0; m < sdp.mediaCount(); m++)
        {
            if (disabled[m] || sdp.mediaType(m) != SdpSession.AUDIO || !sdp.isRtp(m))
            {
                continue;
            }
            audioOffered = true;
            final int base = m * SdpSession.MAX_FORMATS;
            int count = 0;
            int codecs = 0;
            for (int i = 0; i < keptCount[m]; i++)
            {
                final int pt = kept[base + i];
                final boolean dtmf = sdp.isEncoding(m, pt, CodecPolicy.TELEPHONE_EVENT);
                if (dtmf || allows(sdp, m, pt, policy))
                {
                    kept[base + count++] = pt;
                    codecs += dtmf ? 0 : 1;
                }
            }
            keptCount[m] = count;
            if (codecs == 0)
            {
                disabled[m] = true;
                keptCount[m] = 1;
                kept[base] = sdp.format(m, 0);
            }
            else
            {
                audioKept = true;
            }
        }
        return audioOffered && !audioKept ? CODEC_MISMATCH : OK;
    }

    private static boolean allows(final SdpSession sdp, final int media, final int pt, final CodecPolicy policy)
    {
        for (int rank = 0; rank < policy.size(); rank++)
        {
            if (sdp.isEncoding(media, pt, policy.codec(rank)))
            {
                return true;
            }
        }
        return false;
    }

    private boolean contains(final int base, final int count, final int pt)
    {
        for (int i = 0; i < count; i++)
        {
            if (kept[base + i] == pt)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the plan disabled a media (port 0 in the rewritten SDP, nothing to anchor).
     *
     * @param media the media section.
     * @return true when disabled.
     */
    public boolean isDisabled(final int media)
    {
        return disabled[media];
    }

    /**
     * The first payload type the plan kept: the codec the relay rates the stream by.
     *
     * @param media the media section.
     * @return the payload type, -1 for none or non-RTP.
     */
    public int firstPayloadType(final int media)
    {
        return keptCount[media] > 0 ? kept[media * SdpSession.MAX_FORMATS] : -1;
    }

    /**
     * Writes the rewritten SDP.
     *
     * @param sdp        the parsed SDP, planned.
     * @param out        where the body goes.
     * @param local      the relay's address.
     * @param localPorts per media, the relay's port towards the receiver of this SDP; 0 for a
     *                   media that is disabled.
     * @param origin     the receiving leg's origin.
     * @return bytes written.
     */
    public int write(final SdpSession sdp, final ByteBuf out, final MediaAddress local, final int[] localPorts,
        final SdpOrigin origin)
    {
        body.clear();
        final ByteBuf in = sdp.buffer();
        boolean sessionConnection = false;
        int media = -1;
        for (int line = 1; line < sdp.lineCount(); line++)
        {
            final byte type = sdp.lineType(line);
            if (media + 1 < sdp.mediaCount() && line == sdp.mediaLine(media + 1))
            {
                media++;
            }
            if (!sessionConnection && (type == 'b' || type == 't' || type == 'z' || type == 'm' || type == 'c'))
            {
                writeLine(body, 'c', local.connection());
                sessionConnection = true;
            }
            switch (type)
            {
                case 'o', 'i', 'u', 'e', 'p', 'k', 'c' ->
                {
                    // o= is written afresh; the others carry the other carrier's details or addresses.
                }
                case 's' -> body.writeBytes(SESSION_NAME);
                case 'm' -> writeMediaLine(sdp, media, localPorts[media], local);
                case 'a' -> writeAttribute(sdp, line, media, localPorts);
                default -> copyLine(body, in, type, sdp.lineStart(line), sdp.lineEnd(line));
            }
        }
        if (!sessionConnection)
        {
            writeLine(body, 'c', local.connection());
        }
        final int start = out.writerIndex();
        final long version = origin.versionFor(digest(body));
        copyLine(out, in, (byte)'v', sdp.lineStart(0), sdp.lineEnd(0));
        out.writeBytes(ORIGIN_HEAD);
        writeDecimal(out, origin.sessionId());
        out.writeByte(' ');
        writeDecimal(out, version);
        out.writeByte(' ');
        out.writeBytes(local.connection());
        out.writeBytes(CRLF);
        out.writeBytes(body, 0, body.writerIndex());
        return out.writerIndex() - start;
    }

    private void writeMediaLine(final SdpSession sdp, final int media, final int localPort, final MediaAddress local)
    {
        final ByteBuf in = sdp.buffer();
        final int start = sdp.lineStart(sdp.mediaLine(media));
        final int typeEnd = SdpBytes.indexOf(in, start, sdp.lineEnd(sdp.mediaLine(media)), (byte)' ');
        final int portEnd = SdpBytes.indexOf(in, typeEnd + 1, sdp.lineEnd(sdp.mediaLine(media)), (byte)' ');
        final int formatsStart = sdp.formatsStart(media);
        body.writeByte('m');
        body.writeByte('=');
        body.writeBytes(in, start, typeEnd + 1 - start);
        writeDecimal(body, disabled[media] ? 0 : localPort);
        // The protocol as offered, then the kept formats.
        body.writeBytes(in, portEnd, formatsStart - portEnd);
        final int base = media * SdpSession.MAX_FORMATS;
        if (sdp.isRtp(media))
        {
            for (int i = 0; i < keptCount[media]; i++)
            {
                if (i > 0)
                {
                    body.writeByte(' ');
                }
                writeDecimal(body, kept[base + i]);
            }
        }
        else
        {
            body.writeBytes(in, formatsStart, sdp.lineEnd(sdp.mediaLine(media)) - formatsStart);
        }
        body.writeBytes(CRLF);
        if (sdp.isNullAddress(media) && !disabled[media])
        {
            writeLine(body, 'c', local.nullConnection());
        }
    }

    private void writeAttribute(final SdpSession sdp, final int line, final int media, final int[] localPorts)
    {
        final int start = sdp.lineStart(line);
        final int end = sdp.lineEnd(line);
        final ByteBuf in = sdp.buffer();
        if (SdpBytes.startsWith(in, start, end, "candidate") || SdpBytes.startsWith(in, start, end, "remote-candidates")
            || SdpBytes.startsWith(in, start, end, "ice-") || SdpBytes.equalsText(in, start, end, "end-of-candidates"))
        {
            return;
        }
        if (media >= 0)
        {
            if (SdpBytes.startsWith(in, start, end, "rtcp:"))
            {
                if (!disabled[media] && localPorts[media] > 0)
                {
                    body.writeBytes(RTCP);
                    writeDecimal(body, localPorts[media] + 1);
                    body.writeBytes(CRLF);
                }
                return;
            }
            if (sdp.isRtp(media) && !keeps(sdp, line, media))
            {
                return;
            }
        }
        copyLine(body, sdp.buffer(), (byte)'a', start, end);
    }

    /** Whether a format attribute (rtpmap, fmtp, rtcp-fb) is about a kept payload type. */
    private boolean keeps(final SdpSession sdp, final int line, final int media)
    {
        int pt = sdp.payloadTypeOfAttribute(line, "rtpmap:");
        if (pt < 0)
        {
            pt = sdp.payloadTypeOfAttribute(line, "fmtp:");
        }
        if (pt < 0)
        {
            pt = sdp.payloadTypeOfAttribute(line, "rtcp-fb:");
        }
        return pt < 0 || contains(media * SdpSession.MAX_FORMATS, keptCount[media], pt);
    }

    private static void writeLine(final ByteBuf out, final char type, final byte[] value)
    {
        out.writeByte(type);
        out.writeByte('=');
        out.writeBytes(value);
        out.writeBytes(CRLF);
    }

    private static void copyLine(final ByteBuf out, final ByteBuf in, final byte type, final int start, final int end)
    {
        out.writeByte(type);
        out.writeByte('=');
        out.writeBytes(in, start, end - start);
        out.writeBytes(CRLF);
    }

    /** FNV-1a over the body: equal bodies, equal digests, so the version stays. */
    private static long digest(final ByteBuf content)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < content.writerIndex(); i++)
        {
            hash ^= content.getByte(i) & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
