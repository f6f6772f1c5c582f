package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TCP framing (RFC 3261 §18.3) through a Netty pipeline: Content-Length framing, messages split
 * across reads and several in one read, CRLF keep-alives (RFC 5626 §3.5.1), errors reported once.
 */
class SipStreamDecoderTest
{
    private static final int[] FRAGMENT_SIZES = {1, 2, 7, 13, 64, 512, Integer.MAX_VALUE};

    private final RecordingHandler handler = new RecordingHandler(true);
    private final EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder(SipLimits.DEFAULT, handler));
    private final List<ByteBuf> written = new ArrayList<>();

    /** Accepted torture files that are exactly one message with a Content-Length: valid on a stream as they are. */
    static List<String> streamableFiles()
    {
        final SipParser parser = new SipParser(SipLimits.DEFAULT);
        final SipMessage message = new SipMessage(SipLimits.DEFAULT);
        final List<String> files = new ArrayList<>();
        for (final String file : TortureFixtures.files())
        {
            final byte[] bytes = TortureFixtures.read(file);
            final ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
            if (parser.parse(buffer, 0, bytes.length, message) == SipParseResult.MESSAGE &&
                message.contentLength() >= 0 && message.length() == bytes.length)
            {
                files.add(file);
            }
            buffer.release();
        }
        return files;
    }

    static Stream<Arguments> streamableFilesInFragments()
    {
        return streamableFiles().stream()
            .flatMap(file -> Stream.of(1, 7, Integer.MAX_VALUE).map(size -> Arguments.of(file, size)));
    }

    private void feed(final byte[] bytes, final int fragmentSize)
    {
        for (int i = 0; i < bytes.length && channel.isOpen(); i += fragmentSize)
        {
            final int length = Math.min(fragmentSize, bytes.length - i);
            final ByteBuf fragment = Unpooled.copiedBuffer(bytes, i, length);
            written.add(fragment);
            channel.writeInbound(fragment);
        }
    }

    private void finishAndAssertReleased()
    {
        channel.finishAndReleaseAll();
        for (final ByteBuf fragment : written)
        {
            assertThat(fragment.refCnt()).isZero();
        }
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @MethodSource("streamableFilesInFragments")
    void shouldFrameEachTortureMessageFedInFragments(final String file, final int fragmentSize)
    {
        feed(TortureFixtures.read(file), fragmentSize);

        assertThat(handler.errors).isEmpty();
        assertThat(handler.messages).containsExactly(SipTortureTest.ACCEPTED.get(TortureFixtures.name(file)).routingFields());
        finishAndAssertReleased();
    }

    @Test
    void shouldFrameEveryMessageOfOneStreamWhateverTheReadSizes() throws Exception
    {
        final List<String> files = streamableFiles();
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        final List<String> expected = new ArrayList<>();
        for (final String file : files)
        {
            stream.write(TortureFixtures.read(file));
            stream.write(ascii("\r\n"));
            expected.add(SipTortureTest.ACCEPTED.get(TortureFixtures.name(file)).routingFields());
        }
        final byte[] all = stream.toByteArray();
        for (final int size : FRAGMENT_SIZES)
        {
            handler.messages.clear();
            feed(all, size);
            assertThat(handler.messages).as("fragment size %d", size).containsExactlyElementsOf(expected);
        }
        assertThat(handler.errors).isEmpty();
        finishAndAssertReleased();
    }

    @Test
    void shouldDeliverSeveralMessagesOfOneReadInOrder()
    {
        final String first = "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n" +
            "Call-ID: one\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n";
        final String second = "MESSAGE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK2\r\n" +
            "Call-ID: two\r\nCSeq: 2 MESSAGE\r\nContent-Length: 5\r\n\r\nhello";
        final String third = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK3\r\nCall-ID: three\r\n" +
            "CSeq: 3 INVITE\r\nContent-Length: 0\r\n\r\n";

        feed(ascii(first + second + "\r\n" + third), Integer.MAX_VALUE);

        assertThat(handler.messages).hasSize(3);
        assertThat(handler.messages.get(0)).startsWith("OPTIONS|a|").contains("|one|");
        assertThat(handler.messages.get(1)).startsWith("MESSAGE|b|").contains("|two|").endsWith("|5|5");
        assertThat(handler.messages.get(2)).startsWith("200|").contains("|three|");
        finishAndAssertReleased();
    }

    @Test
    void shouldAnswerEachDoubleCrlfPingWithOnePong()
    {
        feed(ascii("\r\n\r\n"), Integer.MAX_VALUE);
        feed(ascii("\r\n"), Integer.MAX_VALUE);
        feed(ascii("\r\n"), Integer.MAX_VALUE);
        feed(ascii("\r\n"), Integer.MAX_VALUE);

        final List<String> pongs = new ArrayList<>();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound())
        {
            pongs.add(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        assertThat(pongs).containsExactly("\r\n", "\r\n");
        assertThat(handler.messages).isEmpty();
        assertThat(handler.errors).isEmpty();
        finishAndAssertReleased();
    }

    @Test
    void shouldWaitForTheBodyThatContentLengthAnnounces()
    {
        feed(TortureFixtures.read("rfc4475/clerr.dat"), 64);

        assertThat(handler.messages).isEmpty();
        assertThat(handler.errors).isEmpty();
        assertThat(channel.isOpen()).isTrue();
        finishAndAssertReleased();
    }

    @Test
    void shouldReportNegativeContentLengthOnceSoTheHandlerCanClose()
    {
        feed(TortureFixtures.read("rfc4475/ncl.dat"), 13);

        assertThat(handler.errors).containsExactly(SipParseError.BAD_CONTENT_LENGTH);
        assertThat(handler.errorCodes).containsExactly(400);
        assertThat(handler.messages).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        finishAndAssertReleased();
    }

    @Test
    void shouldDiscardEverythingAfterAnErrorWhileTheConnectionStaysOpen()
    {
        final RecordingHandler keepOpen = new RecordingHandler(false);
        final EmbeddedChannel open = new EmbeddedChannel(new SipStreamDecoder(SipLimits.DEFAULT, keepOpen));
        final ByteBuf bad = Unpooled.wrappedBuffer(TortureFixtures.read("rfc4475/ncl.dat"));
        final ByteBuf good = Unpooled.wrappedBuffer(TortureFixtures.read("rfc4475/lwsdisp.dat"));

        open.writeInbound(bad);
        open.writeInbound(good);

        assertThat(keepOpen.errors).containsExactly(SipParseError.BAD_CONTENT_LENGTH);
        assertThat(keepOpen.messages).isEmpty();
        open.finishAndReleaseAll();
        assertThat(bad.refCnt()).isZero();
        assertThat(good.refCnt()).isZero();
    }

    @Test
    void shouldRefuseABadStartLineBeforeTheHeadersEnd()
    {
        feed(ascii("INVITE  sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n"), 5);

        assertThat(handler.errors).containsExactly(SipParseError.BAD_START_LINE);
        finishAndAssertReleased();
    }

    @Test
    void shouldRefuseAStreamMessageWithoutContentLength()
    {
        feed(TortureFixtures.read("rfc4475/inv2543.dat"), Integer.MAX_VALUE);

        assertThat(handler.errors).containsExactly(SipParseError.MISSING_CONTENT_LENGTH);
        assertThat(handler.messages).isEmpty();
        finishAndAssertReleased();
    }

    @Test
    void shouldRefuseHeadersBeyondTheLimitBeforeTheyEnd()
    {
        final SipLimits limits = new SipLimits(256, 1024, 128, 1024);
        final RecordingHandler small = new RecordingHandler(true);
        final EmbeddedChannel limited = new EmbeddedChannel(new SipStreamDecoder(limits, small));
        final ByteBuf start = Unpooled.copiedBuffer(
            "INVITE sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n", StandardCharsets.US_ASCII);
        limited.writeInbound(start);
        for (int i = 0; i < 40 && limited.isOpen(); i++)
        {
            limited.writeInbound(Unpooled.copiedBuffer("X-Padding: " + "y".repeat(40) + "\r\n", StandardCharsets.US_ASCII));
        }

        assertThat(small.errors).containsExactly(SipParseError.HEADERS_TOO_LARGE);
        assertThat(small.errorCodes).containsExactly(400);
        assertThat(limited.isOpen()).isFalse();
        limited.finishAndReleaseAll();
        assertThat(start.refCnt()).isZero();
    }

    @Test
    void shouldRefuseABodyAboveTheLimitWithoutWaitingForIt()
    {
        feed(ascii("INVITE sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n" +
            "Content-Length: 9999999\r\n\r\nv=0\r\n"), Integer.MAX_VALUE);

        assertThat(handler.errors).containsExactly(SipParseError.BODY_TOO_LARGE);
        assertThat(handler.errorCodes).containsExactly(413);
        finishAndAssertReleased();
    }

    @Test
    void shouldRefuseAnEndlessStartLine()
    {
        final byte[] line = ascii("INVITE sip:" + "9".repeat(5000));
        feed(line, 512);

        assertThat(handler.errors).containsExactly(SipParseError.REQUEST_URI_TOO_LONG);
        assertThat(handler.messages).isEmpty();
        finishAndAssertReleased();
    }
}
