package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A SIP header field name (RFC 3261 §20 and the extensions a carrier meets), with its compact
 * form (RFC 3261 §7.3.3) where it has one; {@link #OTHER} stands for any name we do not know,
 * whose text stays in the message.
 * <p>
 * Names compare case-insensitively (RFC 3261 §7.3.1); a compact form maps to its full name.
 */
public enum HeaderName
{
    /** Via (RFC 3261 §20.42), compact {@code v}. */
    VIA("Via", 'v', false),
    /** From (RFC 3261 §20.20), compact {@code f}. */
    FROM("From", 'f', true),
    /** To (RFC 3261 §20.39), compact {@code t}. */
    TO("To", 't', true),
    /** Call-ID (RFC 3261 §20.8), compact {@code i}. */
    CALL_ID("Call-ID", 'i', true),
    /** CSeq (RFC 3261 §20.16). */
    CSEQ("CSeq", (char)0, true),
    /** Max-Forwards (RFC 3261 §20.22). */
    MAX_FORWARDS("Max-Forwards", (char)0, true),
    /** Contact (RFC 3261 §20.10), compact {@code m}. */
    CONTACT("Contact", 'm', false),
    /** Content-Length (RFC 3261 §20.14), compact {@code l}. */
    CONTENT_LENGTH("Content-Length", 'l', true),
    /** Content-Type (RFC 3261 §20.15), compact {@code c}. */
    CONTENT_TYPE("Content-Type", 'c', true),
    /** Content-Encoding (RFC 3261 §20.12), compact {@code e}. */
    CONTENT_ENCODING("Content-Encoding", 'e', false),
    /** Content-Disposition (RFC 3261 §20.11). */
    CONTENT_DISPOSITION("Content-Disposition", (char)0, true),
    /** Content-Language (RFC 3261 §20.13). */
    CONTENT_LANGUAGE("Content-Language", (char)0, false),
    /** MIME-Version (RFC 3261 §20.24). */
    MIME_VERSION("MIME-Version", (char)0, true),
    /** Route (RFC 3261 §20.34). */
    ROUTE("Route", (char)0, false),
    /** Record-Route (RFC 3261 §20.30). */
    RECORD_ROUTE("Record-Route", (char)0, false),
    /** Require (RFC 3261 §20.32). */
    REQUIRE("Require", (char)0, false),
    /** Proxy-Require (RFC 3261 §20.29). */
    PROXY_REQUIRE("Proxy-Require", (char)0, false),
    /** Supported (RFC 3261 §20.37), compact {@code k}. */
    SUPPORTED("Supported", 'k', false),
    /** Unsupported (RFC 3261 §20.40). */
    UNSUPPORTED("Unsupported", (char)0, false),
    /** Accept (RFC 3261 §20.1). */
    ACCEPT("Accept", (char)0, false),
    /** Accept-Encoding (RFC 3261 §20.2). */
    ACCEPT_ENCODING("Accept-Encoding", (char)0, false),
    /** Accept-Language (RFC 3261 §20.3). */
    ACCEPT_LANGUAGE("Accept-Language", (char)0, false),
    /** Allow (RFC 3261 §20.5). */
    ALLOW("Allow", (char)0, false),
    /** Expires (RFC 3261 §20.19). */
    EXPIRES("Expires", (char)0, true),
    /** Min-Expires (RFC 3261 §20.23). */
    MIN_EXPIRES("Min-Expires", (char)0, true),
    /** Date (RFC 3261 §20.17). */
    DATE("Date", (char)0, true),
    /** Timestamp (RFC 3261 §20.38). */
    TIMESTAMP("Timestamp", (char)0, true),
    /** Subject (RFC 3261 §20.36), compact {@code s}. */
    SUBJECT("Subject", 's', true),
    /** User-Agent (RFC 3261 §20.41). */
    USER_AGENT("User-Agent", (char)0, true),
    /** Server (RFC 3261 §20.35). */
    SERVER("Server", (char)0, true),
    /** Retry-After (RFC 3261 §20.33). */
    RETRY_AFTER("Retry-After", (char)0, true),
    /** Warning (RFC 3261 §20.43). */
    WARNING("Warning", (char)0, false),
    /** Organization (RFC 3261 §20.25). */
    ORGANIZATION("Organization", (char)0, true),
    /** Priority (RFC 3261 §20.26). */
    PRIORITY("Priority", (char)0, true),
    /** Reply-To (RFC 3261 §20.31). */
    REPLY_TO("Reply-To", (char)0, true),
    /** In-Reply-To (RFC 3261 §20.21). */
    IN_REPLY_TO("In-Reply-To", (char)0, false),
    /** Alert-Info (RFC 3261 §20.4). */
    ALERT_INFO("Alert-Info", (char)0, false),
    /** Call-Info (RFC 3261 §20.9). */
    CALL_INFO("Call-Info", (char)0, false),
    /** Error-Info (RFC 3261 §20.18). */
    ERROR_INFO("Error-Info", (char)0, false),
    /** Authorization (RFC 3261 §20.7). */
    AUTHORIZATION("Authorization", (char)0, false),
    /** Proxy-Authorization (RFC 3261 §20.28). */
    PROXY_AUTHORIZATION("Proxy-Authorization", (char)0, false),
    /** WWW-Authenticate (RFC 3261 §20.44). */
    WWW_AUTHENTICATE("WWW-Authenticate", (char)0, false),
    /** Proxy-Authenticate (RFC 3261 §20.27). */
    PROXY_AUTHENTICATE("Proxy-Authenticate", (char)0, false),
    /** Authentication-Info (RFC 3261 §20.6). */
    AUTHENTICATION_INFO("Authentication-Info", (char)0, true),
    /** Reason (RFC 3326). */
    REASON("Reason", (char)0, false),
    /** Session-Expires (RFC 4028), compact {@code x}. */
    SESSION_EXPIRES("Session-Expires", 'x', true),
    /** Min-SE (RFC 4028). */
    MIN_SE("Min-SE", (char)0, true),
    /** RSeq (RFC 3262). */
    RSEQ("RSeq", (char)0, true),
    /** RAck (RFC 3262). */
    RACK("RAck", (char)0, true),
    /** Event (RFC 6665), compact {@code o}. */
    EVENT("Event", 'o', true),
    /** Allow-Events (RFC 6665), compact {@code u}. */
    ALLOW_EVENTS("Allow-Events", 'u', false),
    /** Refer-To (RFC 3515), compact {@code r}. */
    REFER_TO("Refer-To", 'r', true),
    /** Referred-By (RFC 3892), compact {@code b}. */
    REFERRED_BY("Referred-By", 'b', true),
    /** P-Asserted-Identity (RFC 3325). */
    P_ASSERTED_IDENTITY("P-Asserted-Identity", (char)0, false),
    /** P-Preferred-Identity (RFC 3325). */
    P_PREFERRED_IDENTITY("P-Preferred-Identity", (char)0, false),
    /** Privacy (RFC 3323). */
    PRIVACY("Privacy", (char)0, false),
    /** Path (RFC 3327). */
    PATH("Path", (char)0, false),
    /** Any header we do not know; its name stays in the message as sent. */
    OTHER("", (char)0, false);

    private static final HeaderName[] VALUES = values();
    private static final HeaderName[] BY_COMPACT = new HeaderName[128];
    private static final int MAX_NAME_LENGTH = 32;
    private static final HeaderName[][] BY_LENGTH = new HeaderName[MAX_NAME_LENGTH + 1][];

    static
    {
        for (final HeaderName name : VALUES)
        {
            if (name.compactForm != 0)
            {
                BY_COMPACT[name.compactForm] = name;
                BY_COMPACT[Character.toUpperCase(name.compactForm)] = name;
            }
        }
        for (int length = 0; length <= MAX_NAME_LENGTH; length++)
        {
            int count = 0;
            for (final HeaderName name : VALUES)
            {
                count += name != OTHER && name.lowerCase.length == length ? 1 : 0;
            }
            final HeaderName[] bucket = new HeaderName[count];
            int i = 0;
            for (final HeaderName name : VALUES)
            {
                if (name != OTHER && name.lowerCase.length == length)
                {
                    bucket[i++] = name;
                }
            }
            BY_LENGTH[length] = bucket;
        }
    }

    private final String text;
    private final char compactForm;
    private final boolean singleValued;
    private final byte[] bytes;
    private final byte[] lowerCase;

    HeaderName(final String text, final char compactForm, final boolean singleValued)
    {
        this.text = text;
        this.compactForm = compactForm;
        this.singleValued = singleValued;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        this.lowerCase = text.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The full name in its usual spelling ({@code ""} for {@link #OTHER}).
     *
     * @return the name.
     */
    public String text()
    {
        return text;
    }

    /**
     * The compact form (RFC 3261 §7.3.3), or {@code 0} when the header has none.
     *
     * @return the lower-case compact letter or 0.
     */
    public char compactForm()
    {
        return compactForm;
    }

    /**
     * Whether a message may hold this header at most once (RFC 3261 §7.3.1: only headers whose
     * grammar is a comma-separated list may repeat).
     *
     * @return true for single-valued headers.
     */
    public boolean singleValued()
    {
        return singleValued;
    }

    /**
     * The full name as ASCII bytes; callers must not modify the array.
     *
     * @return the bytes.
     */
    byte[] bytes()
    {
        return bytes;
    }

    /**
     * Looks a header name up in a buffer, case-insensitively and without allocating.
     *
     * @param buffer the buffer.
     * @param offset where the name starts.
     * @param length the name's length (no surrounding whitespace).
     * @return the header name, {@link #OTHER} when unknown.
     */
    public static HeaderName lookup(final ByteBuf buffer, final int offset, final int length)
    {
        if (length == 1)
        {
            final int c = buffer.getByte(offset) & 0x7F;
            final HeaderName name = BY_COMPACT[c];
            return name == null ? OTHER : name;
        }
        if (length <= 0 || length > MAX_NAME_LENGTH)
        {
            return OTHER;
        }
        for (final HeaderName name : BY_LENGTH[length])
        {
            if (SipBytes.equalsLowerCase(buffer, offset, name.lowerCase))
            {
                return name;
            }
        }
        return OTHER;
    }

    /**
     * The header name of an ordinal, as stored in {@link SipMessage#headerNameId(int)}.
     *
     * @param ordinal the ordinal.
     * @return the header name.
     */
    public static HeaderName ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
