package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipMessage;

import java.util.Arrays;

/**
 * The state of one dialog (RFC 3261 §12) as the B2BUA sends in it: remote target, route set,
 * the local and remote party (From and To of our requests, tags included), Call-ID and our CSeq.
 *
 * <p>Parsed once, when the dialog is formed, into offsets over a buffer its leg keeps for the
 * call's life (the customer's INVITE, the vendor's 2xx): every request in the dialog is then
 * written from these offsets, with no re-parse.
 *
 * <pre>
 *   we are the callee (customer leg)        we are the caller (vendor leg)
 *   target = Contact of the INVITE          target = Contact of the 2xx
 *   routes = its Record-Route, in order     routes = the 2xx's Record-Route, reversed
 *   local  = its To + ";tag=" our tag       local  = its From (our tag in it)
 *   remote = its From                       remote = its To (their tag in it)
 * </pre>
 */
final class Dialog
{
    static final int MAX_ROUTES = 32;

    private final NameAddr nameAddr = new NameAddr();
    /** Room for the usual route set; grown (and kept by the pooled call) for a longer one. */
    private static final int INITIAL_ROUTES = 4;

    private int[] routeOffsets = new int[INITIAL_ROUTES];
    private int[] routeLengths = new int[INITIAL_ROUTES];
    private ByteBuf bytes;
    private int targetOffset;
    private int targetLength;
    private int routeCount;
    private int localOffset;
    private int localLength;
    private long localTag = -1;
    private int remoteOffset;
    private int remoteLength;
    private int callIdOffset;
    private int callIdLength;
    private long localCseq;

    /**
     * Forms the dialog of a leg where we answer the INVITE (RFC 3261 §12.1.1).
     *
     * @param stored   the kept copy of the INVITE the offsets are taken over.
     * @param invite   the INVITE as parsed, in this buffer or another.
     * @param shift    what to add to the parsed offsets to land in {@code stored}.
     * @param ourTag   our To tag.
     * @return this.
     */
    Dialog formAsCallee(final ByteBuf stored, final SipMessage invite, final int shift, final long ourTag)
    {
        bytes = stored;
        final int from = invite.fromHeaderIndex();
        final int to = invite.toHeaderIndex();
        target(invite, shift, from);
        routes(invite, shift, false);
        localOffset = invite.headerValueOffset(to) + shift;
        localLength = invite.headerValueLength(to);
        localTag = ourTag;
        remoteOffset = invite.headerValueOffset(from) + shift;
        remoteLength = invite.headerValueLength(from);
        callIdOffset = invite.callIdOffset() + shift;
        callIdLength = invite.callIdLength();
        localCseq = 0;
        return this;
    }

    /**
     * Forms the dialog of a leg where we sent the INVITE, from its 2xx (RFC 3261 §12.1.2).
     *
     * @param stored   the kept copy of the response the offsets are taken over.
     * @param response the 2xx as parsed, in this buffer or another.
     * @param shift    what to add to the parsed offsets to land in {@code stored}.
     * @param cseq     the CSeq of our INVITE: requests in the dialog count on from it.
     * @return this.
     */
    Dialog formAsCaller(final ByteBuf stored, final SipMessage response, final int shift, final long cseq)
    {
        bytes = stored;
        final int from = response.fromHeaderIndex();
        final int to = response.toHeaderIndex();
        target(response, shift, to);
        routes(response, shift, true);
        localOffset = response.headerValueOffset(from) + shift;
        localLength = response.headerValueLength(from);
        localTag = -1;
        remoteOffset = response.headerValueOffset(to) + shift;
        remoteLength = response.headerValueLength(to);
        callIdOffset = response.callIdOffset() + shift;
        callIdLength = response.callIdLength();
        localCseq = cseq;
        return this;
    }

    /**
     * Forgets the dialog; the buffer stays with its leg.
     */
    void clear()
    {
        bytes = null;
        routeCount = 0;
        localTag = -1;
        localCseq = 0;
    }

    boolean isFormed()
    {
        return bytes != null;
    }

    /**
     * Takes the next CSeq number for a request we send in the dialog (RFC 3261 §12.2.1.1).
     *
     * @return the number.
     */
    long nextCseq()
    {
        return ++localCseq;
    }

    long localCseq()
    {
        return localCseq;
    }

    ByteBuf bytes()
    {
        return bytes;
    }

    int targetOffset()
    {
        return targetOffset;
    }

    int targetLength()
    {
        return targetLength;
    }

    int routeCount()
    {
        return routeCount;
    }

    int routeOffset(final int index)
    {
        return routeOffsets[index];
    }

    int routeLength(final int index)
    {
        return routeLengths[index];
    }

    int localOffset()
    {
        return localOffset;
    }

    int localLength()
    {
        return localLength;
    }

    /**
     * Our tag, when it is not already in the local party's bytes.
     *
     * @return the tag, or -1.
     */
    long localTag()
    {
        return localTag;
    }

    int remoteOffset()
    {
        return remoteOffset;
    }

    int remoteLength()
    {
        return remoteLength;
    }

    int callIdOffset()
    {
        return callIdOffset;
    }

    int callIdLength()
    {
        return callIdLength;
    }

    private void target(final SipMessage message, final int shift, final int remoteParty)
    {
        final int contact = message.findHeader(HeaderName.CONTACT, 0);
        final int index = contact >= 0 ? contact : remoteParty;
        nameAddr.wrap(bytes, message.headerValueOffset(index) + shift, message.headerValueLength(index));
        targetOffset = nameAddr.uriOffset;
        targetLength = nameAddr.uriLength;
    }

    private void routes(final SipMessage message, final int shift, final boolean reverse)
    {
        routeCount = 0;
        for (int i = 0; i < message.headerCount() && routeCount < MAX_ROUTES; i++)
        {
            if (message.headerName(i) == HeaderName.RECORD_ROUTE)
            {
                split(message.headerValueOffset(i) + shift, message.headerValueLength(i));
            }
        }
        if (reverse)
        {
            // RFC 3261 §12.1.2: the caller's route set is the Record-Route of the response, reversed.
            for (int i = 0, j = routeCount - 1; i < j; i++, j--)
            {
                final int offset = routeOffsets[i];
                final int length = routeLengths[i];
                routeOffsets[i] = routeOffsets[j];
                routeLengths[i] = routeLengths[j];
                routeOffsets[j] = offset;
                routeLengths[j] = length;
            }
        }
    }

    private void split(final int offset, final int length)
    {
        int start = offset;
        boolean inAngle = false;
        boolean quoted = false;
        final int end = offset + length;
        for (int i = offset; i <= end && routeCount < MAX_ROUTES; i++)
        {
            final byte b = i < end ? bytes.getByte(i) : (byte)',';
            if (quoted)
            {
                quoted = b != '"';
            }
            else if (b == '"')
            {
                quoted = true;
            }
            else if (b == '<')
            {
                inAngle = true;
            }
            else if (b == '>')
            {
                inAngle = false;
            }
            else if (b == ',' && !inAngle)
            {
                int s = start;
                int e = i;
                while (s < e && isSpace(bytes.getByte(s)))
                {
                    s++;
                }
                while (e > s && isSpace(bytes.getByte(e - 1)))
                {
                    e--;
                }
                if (e > s)
                {
                    if (routeCount == routeOffsets.length)
                    {
                        routeOffsets = Arrays.copyOf(routeOffsets, Math.min(MAX_ROUTES, routeCount * 2));
                        routeLengths = Arrays.copyOf(routeLengths, routeOffsets.length);
                    }
                    routeOffsets[routeCount] = s;
                    routeLengths[routeCount] = e - s;
                    routeCount++;
                }
                start = i + 1;
            }
        }
    }

    private static boolean isSpace(final byte b)
    {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
