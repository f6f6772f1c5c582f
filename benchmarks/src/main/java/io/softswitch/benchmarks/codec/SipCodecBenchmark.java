package io.softswitch.benchmarks.codec;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMessageWriter;
import io.softswitch.signaling.codec.SipParseResult;
import io.softswitch.signaling.codec.SipParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;

/**
 * Parsing and encoding a typical carrier INVITE with SDP and its 200 OK with our codec, beside
 * JAIN-SIP RI ({@code gov.nist.javax.sip.parser.StringMsgParser}) parsing and encoding the same
 * bytes in the same run. Run with {@code bin/jmh SipCodec -prof gc}: our parse should allocate
 * nothing ({@code gc.alloc.rate.norm} about 0 B/op).
 * <p>
 * Our side parses from a pooled direct buffer, as the epoll transport delivers datagrams; the
 * encoders write into a preallocated buffer cleared per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SipCodecBenchmark
{
    /** A customer's INVITE as carriers send them: several Vias, identity headers, an SDP offer. */
    static final String INVITE =
        "INVITE sip:+4930901820@198.51.100.20:5060;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-524287-1---4a3f5f3c3b0a9e12;rport\r\n" +
        "Via: SIP/2.0/UDP 10.20.30.40:5060;branch=z9hG4bK77ef4c2312983.1;received=203.0.113.9\r\n" +
        "Max-Forwards: 69\r\n" +
        "Record-Route: <sip:203.0.113.10;lr;ftag=as5c5b2c2e>\r\n" +
        "Contact: <sip:+442071838750@203.0.113.10:5060;transport=udp>\r\n" +
        "To: <sip:+4930901820@198.51.100.20;user=phone>\r\n" +
        "From: \"Acme Ltd\" <sip:+442071838750@203.0.113.10;user=phone>;tag=as5c5b2c2e\r\n" +
        "Call-ID: 3c26700b-b7d6-4b5e-9a3e-0a4f1b2c3d4e@203.0.113.10\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PRACK, UPDATE\r\n" +
        "Supported: replaces, timer\r\n" +
        "P-Asserted-Identity: <sip:+442071838750@203.0.113.10;user=phone>\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "User-Agent: CarrierGW 5.2\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 289\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=gw 1653249012 1653249013 IN IP4 203.0.113.11\r\n" +
        "s=call\r\n" +
        "c=IN IP4 203.0.113.11\r\n" +
        "t=0 0\r\n" +
        "m=audio 16384 RTP/AVP 8 0 18 101\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:18 G729/8000\r\n" +
        "a=fmtp:18 annexb=no\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    /** The vendor's 200 OK to it, with the SDP answer. */
    static final String OK =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-524287-1---4a3f5f3c3b0a9e12;rport=5060\r\n" +
        "Via: SIP/2.0/UDP 10.20.30.40:5060;branch=z9hG4bK77ef4c2312983.1;received=203.0.113.9\r\n" +
        "Record-Route: <sip:203.0.113.10;lr;ftag=as5c5b2c2e>\r\n" +
        "Contact: <sip:+4930901820@198.51.100.20:5060>\r\n" +
        "To: <sip:+4930901820@198.51.100.20;user=phone>;tag=8a3c1f9e-2b\r\n" +
        "From: \"Acme Ltd\" <sip:+442071838750@203.0.113.10;user=phone>;tag=as5c5b2c2e\r\n" +
        "Call-ID: 3c26700b-b7d6-4b5e-9a3e-0a4f1b2c3d4e@203.0.113.10\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\n" +
        "Supported: timer\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "Server: VendorSBC 3.1\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 197\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=sbc 4711 4712 IN IP4 198.51.100.21\r\n" +
        "s=call\r\n" +
        "c=IN IP4 198.51.100.21\r\n" +
        "t=0 0\r\n" +
        "m=audio 30000 RTP/AVP 8 101\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n";

    private static final String TO_TAG = "b2b-7f3a91c2";
    private static final String CONTACT = "<sip:switch@198.51.100.1:5060>";

    private final SipParser parser = new SipParser(SipLimits.DEFAULT);
    private final SipMessage message = new SipMessage(SipLimits.DEFAULT);
    private final SipMessage parsedInvite = new SipMessage(SipLimits.DEFAULT);
    private final SipMessage parsedOk = new SipMessage(SipLimits.DEFAULT);
    private final SipMessageWriter writer = new SipMessageWriter();

    private byte[] inviteBytes;
    private byte[] okBytes;
    private ByteBuf invite;
    private ByteBuf ok;
    private ByteBuf out;
    private StringMsgParser jainSipParser;
    private SIPMessage jainSipInvite;
    private SIPMessage jainSipOk;

    /**
     * Prepares the inputs: the messages in pooled direct buffers, parsed once for the encoders.
     *
     * @throws ParseException never, the messages are valid.
     */
    @Setup(Level.Trial)
    public void setUp() throws ParseException
    {
        inviteBytes = INVITE.getBytes(StandardCharsets.US_ASCII);
        okBytes = OK.getBytes(StandardCharsets.US_ASCII);
        invite = PooledByteBufAllocator.DEFAULT.directBuffer(inviteBytes.length).writeBytes(inviteBytes);
        ok = PooledByteBufAllocator.DEFAULT.directBuffer(okBytes.length).writeBytes(okBytes);
        out = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
        if (parser.parse(invite, 0, inviteBytes.length, parsedInvite) != SipParseResult.MESSAGE ||
            parser.parse(ok, 0, okBytes.length, parsedOk) != SipParseResult.MESSAGE ||
            parsedInvite.length() != inviteBytes.length || parsedOk.length() != okBytes.length)
        {
            throw new IllegalStateException("benchmark messages do not parse");
        }
        jainSipParser = new StringMsgParser();
        jainSipInvite = jainSipParser.parseSIPMessage(inviteBytes, true, false, null);
        jainSipOk = jainSipParser.parseSIPMessage(okBytes, true, false, null);
    }

    /** Releases the buffers. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        invite.release();
        ok.release();
        out.release();
    }

    /**
     * Our parser on the INVITE.
     *
     * @param blackhole sink.
     */
    @Benchmark
    public void parseInviteOurs(final Blackhole blackhole)
    {
        blackhole.consume(parser.parse(invite, 0, inviteBytes.length, message));
        blackhole.consume(message.cseqNumber());
    }

    /**
     * Our parser on the 200 OK.
     *
     * @param blackhole sink.
     */
    @Benchmark
    public void parseOkOurs(final Blackhole blackhole)
    {
        blackhole.consume(parser.parse(ok, 0, okBytes.length, message));
        blackhole.consume(message.cseqNumber());
    }

    /**
     * JAIN-SIP RI parsing the same INVITE bytes.
     *
     * @return the parsed message.
     * @throws ParseException never, the message is valid.
     */
    @Benchmark
    public SIPMessage parseInviteJainSip() throws ParseException
    {
        return jainSipParser.parseSIPMessage(inviteBytes, true, false, null);
    }

    /**
     * JAIN-SIP RI parsing the same 200 OK bytes.
     *
     * @return the parsed message.
     * @throws ParseException never, the message is valid.
     */
    @Benchmark
    public SIPMessage parseOkJainSip() throws ParseException
    {
        return jainSipParser.parseSIPMessage(okBytes, true, false, null);
    }

    /**
     * Our canonical encoding of the parsed INVITE.
     *
     * @return bytes written.
     */
    @Benchmark
    public int encodeInviteOurs()
    {
        out.clear();
        return writer.wrap(out).writeMessage(parsedInvite).writerIndex();
    }

    /**
     * Our canonical encoding of the parsed 200 OK.
     *
     * @return bytes written.
     */
    @Benchmark
    public int encodeOkOurs()
    {
        out.clear();
        return writer.wrap(out).writeMessage(parsedOk).writerIndex();
    }

    /**
     * What a B2BUA does on answer: a 200 OK written for the parsed INVITE (Vias, From, To with our
     * tag, Call-ID, CSeq copied; Contact, Content-Type and an SDP body added).
     *
     * @return bytes written.
     */
    @Benchmark
    public int writeOkForInviteOurs()
    {
        out.clear();
        return writer.wrap(out).responseTo(parsedInvite, 200, "OK", TO_TAG)
            .header(HeaderName.CONTACT, CONTACT)
            .header(HeaderName.CONTENT_TYPE, "application/sdp")
            .end(ok, parsedOk.bodyOffset(), parsedOk.bodyLength())
            .writerIndex();
    }

    /**
     * JAIN-SIP RI encoding its parsed INVITE to bytes.
     *
     * @return the bytes.
     */
    @Benchmark
    public byte[] encodeInviteJainSip()
    {
        return jainSipInvite.encodeAsBytes("UDP");
    }

    /**
     * JAIN-SIP RI encoding its parsed 200 OK to bytes.
     *
     * @return the bytes.
     */
    @Benchmark
    public byte[] encodeOkJainSip()
    {
        return jainSipOk.encodeAsBytes("UDP");
    }
}
