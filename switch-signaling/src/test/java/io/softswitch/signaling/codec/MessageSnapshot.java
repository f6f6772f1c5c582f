package io.softswitch.signaling.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every value a parsed {@link SipMessage} exposes, as text, for comparing two parses: ranges are
 * compared by content (unfolded), never by offset.
 */
final class MessageSnapshot
{
    private MessageSnapshot()
    {
    }

    /**
     * The routing fields torture tests assert, in one line:
     * {@code method|uriUser|uriHost|uriPort|callId|cseq|cseqMethod|maxForwards|fromTag|toTag|viaCount|transport|viaHost|viaPort|branch|contentLength|bodyLength}.
     *
     * @param m a parsed message.
     * @return the line.
     */
    static String routingFields(final SipMessage m)
    {
        return String.join("|",
            m.isRequest() ? m.methodAsString() : Integer.toString(m.statusCode()),
            String.valueOf(m.requestUriUserAsString()),
            String.valueOf(text(m, m.requestUriHostOffset(), m.requestUriHostLength())),
            Integer.toString(m.requestUriPort()),
            String.valueOf(m.callIdAsString()),
            Long.toString(m.cseqNumber()),
            m.cseqMethod().name(),
            Integer.toString(m.maxForwards()),
            String.valueOf(text(m, m.fromTagOffset(), m.fromTagLength())),
            String.valueOf(text(m, m.toTagOffset(), m.toTagLength())),
            Integer.toString(m.viaCount()),
            String.valueOf(text(m, m.viaTransportOffset(), m.viaTransportLength())),
            String.valueOf(text(m, m.viaHostOffset(), m.viaHostLength())),
            Integer.toString(m.viaPort()),
            String.valueOf(text(m, m.viaBranchOffset(), m.viaBranchLength())),
            Integer.toString(m.contentLength()),
            Integer.toString(m.bodyLength()));
    }

    /**
     * Every accessor value and every header, for round-trip comparison.
     *
     * @param m a parsed message.
     * @return the values, one per line.
     */
    static List<String> all(final SipMessage m)
    {
        final List<String> values = new ArrayList<>();
        values.add("routing=" + routingFields(m));
        values.add("request=" + m.isRequest() + " method=" + m.method() + " status=" + m.statusCode());
        values.add("reason=" + text(m, m.reasonOffset(), m.reasonLength()));
        values.add("uri=" + m.requestUriAsString() + " scheme=" + m.requestUriScheme());
        values.add("cseqMethodToken=" + text(m, m.cseqMethodOffset(), m.cseqMethodLength()));
        values.add("contentLengthCount=" + m.contentLengthCount());
        values.add("headerIndexes=" + m.fromHeaderIndex() + "," + m.toHeaderIndex() + "," + m.callIdHeaderIndex() +
            "," + m.cseqHeaderIndex() + "," + m.contentTypeHeaderIndex());
        values.add("topVia=" + text(m, m.topViaOffset(), m.topViaLength()) + " parsed=" + m.hasTopVia() +
            " cookie=" + m.viaBranchHasMagicCookie());
        values.add("received=" + text(m, m.viaReceivedOffset(), m.viaReceivedLength()) + " rport=" + m.viaRport());
        values.add("body=" + latin1(m, m.bodyOffset(), m.bodyLength()));
        values.add("headerCount=" + m.headerCount());
        for (int i = 0; i < m.headerCount(); i++)
        {
            final HeaderName name = m.headerName(i);
            values.add("header " + i + ": " + (name == HeaderName.OTHER ? "OTHER " + m.headerNameAsString(i) : name) +
                " = " + m.headerValueAsString(i));
        }
        return values;
    }

    private static String text(final SipMessage m, final int offset, final int length)
    {
        final String raw = m.rangeAsString(offset, length);
        return raw == null ? null : raw.replaceAll("[ \t]*\r?\n[ \t]+", " ");
    }

    private static String latin1(final SipMessage m, final int offset, final int length)
    {
        return offset < 0 ? null : m.buffer().toString(offset, length, StandardCharsets.ISO_8859_1);
    }
}
