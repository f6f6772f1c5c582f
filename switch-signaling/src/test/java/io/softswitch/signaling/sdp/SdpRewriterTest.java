package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SdpRewriterTest
{
    private static final String OFFER = """
        v=0
        o=alice 2890844526 2890844526 IN IP4 198.51.100.7
        s=Carrier A SBC
        i=call from carrier A
        c=IN IP4 198.51.100.7
        t=0 0
        a=ice-ufrag:F7gI
        m=audio 49170 RTP/AVP 0 8 18 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:18 G729/8000
        a=fmtp:18 annexb=no
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=rtcp:49171 IN IP4 198.51.100.7
        a=candidate:1 1 UDP 2130706431 198.51.100.7 49170 typ host
        a=ptime:20
        a=sendrecv
        """.replace("\n", "\r\n");

    private final List<ByteBuf> buffers = new ArrayList<>();
    private final SdpSession sdp = new SdpSession();
    private final SdpRewriter rewriter = new SdpRewriter();
    private final SdpOrigin origin = new SdpOrigin().reset(77);
    private final MediaAddress relay = address("192.0.2.50");

    private static MediaAddress address(final String text)
    {
        try
        {
            return new MediaAddress(InetAddress.getByName(text));
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private ByteBuf buffer(final String text)
    {
        final ByteBuf buffer = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        buffers.add(buffer);
        return buffer;
    }

    @AfterEach
    void release()
    {
        buffers.forEach(ByteBuf::release);
    }

    /**
     * A small offer from 198.51.100.7: the session lines every SDP needs, then the media sections
     * the test is about.
     */
    private static String offer(final int version, final String connection, final String media)
    {
        return ("v=0\no=x 1 " + version + " IN IP4 198.51.100.7\ns=x\nc=IN IP4 " + connection + "\nt=0 0\n" + media)
            .replace("\n", "\r\n");
    }

    private boolean parse(final String text)
    {
        final ByteBuf in = buffer(text);
        return sdp.parse(in, 0, in.readableBytes());
    }

    /** Writes the SDP last parsed and planned, as it goes to the far leg. */
    private String write(final SdpRewriter planned, final MediaAddress at, final int... ports)
    {
        final ByteBuf out = buffer("");
        out.clear();
        out.capacity(4096);
        planned.write(sdp, out, at, ports, origin);
        return out.toString(StandardCharsets.US_ASCII);
    }

    private String rewrite(final String text, final CodecPolicy policy, final int... ports)
    {
        assertThat(parse(text)).isTrue();
        assertThat(rewriter.plan(sdp, policy)).isEqualTo(SdpRewriter.OK);
        return write(rewriter, relay, ports);
    }

    @Test
    void shouldPointEveryAddressAndPortAtTheRelayAndLeaveNothingOfTheCarrier()
    {
        final String out = rewrite(OFFER, CodecPolicy.ANY, 30000);
        assertThat(out).doesNotContain("198.51.100.7").doesNotContain("alice").doesNotContain("Carrier A")
            .doesNotContain("candidate").doesNotContain("ice-ufrag").doesNotContain("i=");
        assertThat(out).isEqualTo("""
            v=0
            o=- 77 1 IN IP4 192.0.2.50
            s=-
            c=IN IP4 192.0.2.50
            t=0 0
            m=audio 30000 RTP/AVP 0 8 18 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:18 G729/8000
            a=fmtp:18 annexb=no
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=rtcp:30001
            a=ptime:20
            a=sendrecv
            """.replace("\n", "\r\n"));
    }

    @Test
    void shouldReadWhatTheRelayNeedsFromTheOffer()
    {
        assertThat(parse(OFFER)).isTrue();
        assertThat(sdp.mediaCount()).isEqualTo(1);
        assertThat(sdp.mediaType(0)).isEqualTo(SdpSession.AUDIO);
        assertThat(sdp.port(0)).isEqualTo(49170);
        assertThat(sdp.rtcpPort(0)).isEqualTo(49171);
        assertThat(sdp.rtcpMux(0)).isFalse();
        assertThat(sdp.direction(0)).isEqualTo(SdpSession.SENDRECV);
        final byte[] address = new byte[16];
        assertThat(sdp.copyAddress(0, address)).isEqualTo(4);
        assertThat(address).startsWith((byte)198, (byte)51, (byte)100, (byte)7);
        assertThat(sdp.clockRate(0, 18)).isEqualTo(8000);
    }

    @Test
    void shouldKeepOnlyTheTrunksCodecsInItsOrderAndLetDtmfPass()
    {
        final String out = rewrite(OFFER, new CodecPolicy(List.of("g729", "PCMA")), 30000);
        assertThat(out).contains("m=audio 30000 RTP/AVP 18 8 101\r\n");
        assertThat(out).doesNotContain("PCMU").contains("a=fmtp:18 annexb=no").contains("a=fmtp:101 0-15");
        assertThat(rewriter.firstPayloadType(0)).isEqualTo(18);
    }

    @Test
    void shouldFindNoCodecInCommonWhenTheOfferHasOnlyForbiddenOnes()
    {
        assertThat(parse(OFFER)).isTrue();
        assertThat(rewriter.plan(sdp, new CodecPolicy(List.of("G722", "OPUS")))).isEqualTo(SdpRewriter.CODEC_MISMATCH);
    }

    @Test
    void shouldKeepOnlyCodecsBothTrunksAllowInTheFirstTrunksOrder()
    {
        assertThat(parse(OFFER)).isTrue();
        assertThat(rewriter.plan(sdp, new CodecPolicy(List.of("G729", "PCMU", "PCMA")),
            new CodecPolicy(List.of("PCMA", "G729")))).isEqualTo(SdpRewriter.OK);
        final String text = write(rewriter, relay, 30000);
        assertThat(text).contains("m=audio 30000 RTP/AVP 18 8 101\r\n").doesNotContain("PCMU");
        assertThat(rewriter.firstPayloadType(0)).isEqualTo(18);

        assertThat(rewriter.plan(sdp, CodecPolicy.ANY, new CodecPolicy(List.of("PCMA", "G729")))).isEqualTo(SdpRewriter.OK);
        assertThat(rewriter.firstPayloadType(0)).as("the vendor's order when the customer allows any").isEqualTo(8);
    }

    @Test
    void shouldFindNoCodecInCommonWhenTheSecondTrunkAllowsNoneTheFirstKept()
    {
        assertThat(parse(OFFER)).isTrue();
        assertThat(rewriter.plan(sdp, new CodecPolicy(List.of("PCMU")))).isEqualTo(SdpRewriter.OK);
        assertThat(rewriter.restrict(sdp, new CodecPolicy(List.of("PCMA", "G729")))).isEqualTo(SdpRewriter.CODEC_MISMATCH);
        assertThat(rewriter.isDisabled(0)).isTrue();
        assertThat(rewriter.restrict(sdp, CodecPolicy.ANY)).as("nothing to narrow").isEqualTo(SdpRewriter.OK);
    }

    @Test
    void shouldMatchDynamicPayloadTypesByTheirRtpmapName()
    {
        final String out = rewrite(offer(1, "198.51.100.7", """
            m=audio 5000 RTP/AVP 96 0
            a=rtpmap:96 opus/48000/2
            """), new CodecPolicy(List.of("OPUS")), 30010);
        assertThat(out).contains("m=audio 30010 RTP/AVP 96\r\n").contains("a=rtpmap:96 opus/48000/2");
        assertThat(sdp.clockRate(0, 96)).isEqualTo(48000);
    }

    @Test
    void shouldLetAT38ReInviteThroughWhateverTheAudioPolicy()
    {
        final String out = rewrite(offer(2, "198.51.100.7", """
            m=image 6000 udptl t38
            a=T38FaxVersion:0
            a=T38FaxRateManagement:transferredTCF
            """), new CodecPolicy(List.of("PCMA")), 30020);
        assertThat(out).contains("m=image 30020 udptl t38\r\n").contains("a=T38FaxVersion:0");
        assertThat(sdp.isRtp(0)).isFalse();
        assertThat(rewriter.firstPayloadType(0)).isEqualTo(-1);
    }

    @Test
    void shouldKeepHoldByNullAddressAndByDirection()
    {
        final String out = rewrite(offer(3, "0.0.0.0", """
            m=audio 5000 RTP/AVP 8
            a=sendonly
            """), CodecPolicy.ANY, 30030);
        assertThat(sdp.isNullAddress(0)).isTrue();
        assertThat(sdp.direction(0)).isEqualTo(SdpSession.SENDONLY);
        assertThat(out).contains("c=IN IP4 192.0.2.50\r\n").contains("m=audio 30030 RTP/AVP 8\r\nc=IN IP4 0.0.0.0\r\n")
            .contains("a=sendonly");
    }

    @Test
    void shouldTakeTheSessionDirectionWhenTheMediaHasNone()
    {
        assertThat(parse("v=0\r\no=x 1 1 IN IP4 192.0.2.1\r\ns=x\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\na=inactive\r\n"
            + "m=audio 5000 RTP/AVP 0\r\nm=audio 5002 RTP/AVP 0\r\na=recvonly\r\n")).isTrue();
        assertThat(sdp.direction(0)).isEqualTo(SdpSession.INACTIVE);
        assertThat(sdp.direction(1)).isEqualTo(SdpSession.RECVONLY);
    }

    @Test
    void shouldMoveTheVersionOnlyWhenWhatIsSentChanges()
    {
        final String first = rewrite(OFFER, CodecPolicy.ANY, 30000);
        final String same = rewrite(OFFER, CodecPolicy.ANY, 30000);
        final String moved = rewrite(OFFER.replace("49170 RTP", "49172 RTP"), CodecPolicy.ANY, 30002);
        assertThat(first).contains("o=- 77 1 IN IP4");
        assertThat(same).contains("o=- 77 1 IN IP4");
        assertThat(moved).contains("o=- 77 2 IN IP4").contains("m=audio 30002 ");
    }

    @Test
    void shouldPassRtcpMuxAndLeaveADisabledMediaAtPortZero()
    {
        final String out = rewrite(offer(1, "198.51.100.7", """
            m=audio 5000 RTP/AVP 0
            a=rtcp-mux
            m=video 0 RTP/AVP 31
            """), CodecPolicy.ANY, 30040, 0);
        assertThat(sdp.rtcpMux(0)).isTrue();
        assertThat(out).contains("m=audio 30040 RTP/AVP 0\r\na=rtcp-mux\r\n").contains("m=video 0 RTP/AVP 31\r\n");
        assertThat(rewriter.isDisabled(1)).isTrue();
    }

    @Test
    void shouldWriteAnIpv6RelayAddressForAnIpv6Relay()
    {
        final SdpRewriter v6 = new SdpRewriter();
        assertThat(parse(OFFER)).isTrue();
        v6.plan(sdp, CodecPolicy.ANY);
        assertThat(write(v6, address("2001:db8:0:0:0:0:0:50"), 30000)).contains("c=IN IP6 2001:db8::50\r\n")
            .contains("o=- 77 1 IN IP6 2001:db8::50\r\n").doesNotContain("IN IP4");
    }

    @Test
    void shouldRefuseWhatIsNotSdp()
    {
        assertThat(parse("o=x 1 1 IN IP4 192.0.2.1\r\n")).as("no version line").isFalse();
        assertThat(parse("v=0\r\nthis is not sdp\r\n")).as("a line that is not type=value").isFalse();
        assertThat(parse("v=0\r\nc=IN IP4 media.example.com\r\nm=audio 5000 RTP/AVP 0\r\n"))
            .as("a host name").isFalse();
        assertThat(parse("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 99999 RTP/AVP 0\r\n")).as("a port over 65535").isFalse();
    }

    @Test
    void shouldAcceptBareLineFeeds()
    {
        assertThat(parse(OFFER.replace("\r\n", "\n"))).isTrue();
        assertThat(sdp.port(0)).isEqualTo(49170);
        assertThat(sdp.lineCount()).isEqualTo(18);
    }
}
