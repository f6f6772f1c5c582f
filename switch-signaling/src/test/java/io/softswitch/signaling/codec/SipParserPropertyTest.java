package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Properties of the parser over many random inputs, each run reproducible from its seed:
 * whatever the bytes, the parser answers with a result (never an exception) and never reads
 * outside {@code [index, index + length)}; every valid generated message parses to the fields it
 * was generated with and survives parse, encode, parse unchanged; a stream of them is framed the
 * same whatever the read sizes.
 */
class SipParserPropertyTest
{
    private static final long SEED = 0x5EED_C0DECL;
    private static final int MUTATIONS = 2_500;
    private static final int VALID_MESSAGES = 1_000;

    private final SipParser parser = new SipParser(SipLimits.DEFAULT);
    private final SipMessage message = new SipMessage(SipLimits.DEFAULT);
    private final SipMessage reparsed = new SipMessage(SipLimits.DEFAULT);

    @Test
    void shouldAnswerEveryMutatedMessageWithAResultAndReadOnlyItsOwnBytes()
    {
        final SipMessageGenerator generator = new SipMessageGenerator(SEED);
        final Random random = generator.random();
        final List<byte[]> seeds = new ArrayList<>();
        for (final String file : TortureFixtures.files())
        {
            seeds.add(TortureFixtures.read(file));
        }
        for (int i = 0; i < MUTATIONS; i++)
        {
            final byte[] original = random.nextInt(3) == 0 ?
                seeds.get(random.nextInt(seeds.size())) : generator.next().bytes();
            final byte[] mutated = mutate(original, random);
            final int prefix = random.nextInt(16);
            final byte[] framed = new byte[prefix + mutated.length];
            random.nextBytes(framed);
            System.arraycopy(mutated, 0, framed, prefix, mutated.length);
            // The buffer ends exactly at index + length: reading past it throws.
            final ByteBuf buffer = Unpooled.wrappedBuffer(framed);
            try
            {
                checkInvariants(parser.parse(buffer, prefix, mutated.length, message), false, prefix, mutated.length, mutated);
                checkInvariants(parser.parseStream(buffer, prefix, mutated.length, message), true, prefix, mutated.length, mutated);
            }
            catch (final RuntimeException ex)
            {
                fail("iteration=" + i + " input=" + HexFormat.of().formatHex(mutated), ex);
            }
            finally
            {
                buffer.release();
            }
        }
    }

    private void checkInvariants(final SipParseResult result, final boolean stream, final int index, final int length,
        final byte[] input)
    {
        final String why = HexFormat.of().formatHex(input);
        switch (result)
        {
            case MESSAGE ->
            {
                assertThat(message.error()).as(why).isNull();
                assertThat(message.offset()).as(why).isGreaterThanOrEqualTo(index);
                assertThat(message.offset() + message.length()).as(why).isLessThanOrEqualTo(index + length);
                assertThat(message.bodyOffset() + message.bodyLength()).as(why).isEqualTo(message.offset() + message.length());
            }
            case ERROR ->
            {
                assertThat(message.error()).as(why).isNotNull();
                assertThat(message.errorOffset()).as(why).isBetween(index, index + length);
                assertThat(message.errorResponseCode()).as(why).isIn(0, message.error().responseCode());
            }
            case INCOMPLETE -> assertThat(stream).as("INCOMPLETE from a datagram parse: %s", why).isTrue();
            default -> fail("result=" + result);
        }
    }

    private static byte[] mutate(final byte[] original, final Random random)
    {
        byte[] bytes = original.clone();
        for (int n = 1 + random.nextInt(3); n > 0 && bytes.length > 0; n--)
        {
            final int at = random.nextInt(bytes.length);
            switch (random.nextInt(7))
            {
                case 0 -> bytes[at] = (byte)random.nextInt(256);
                case 1 -> bytes[at] = "\r\n :;,\"<>[]@=/\\%\0".getBytes()[random.nextInt(17)];
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
                case 3 ->
                {
                    final int end = Math.min(bytes.length, at + 1 + random.nextInt(20));
                    final byte[] shorter = new byte[bytes.length - (end - at)];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, end, shorter, at, bytes.length - end);
                    bytes = shorter;
                }
                case 4 ->
                {
                    final int end = Math.min(bytes.length, at + 1 + random.nextInt(40));
                    final byte[] longer = new byte[bytes.length + (end - at)];
                    System.arraycopy(bytes, 0, longer, 0, end);
                    System.arraycopy(bytes, at, longer, end, bytes.length - at);
                    bytes = longer;
                }
                case 5 ->
                {
                    final byte[] digits = Long.toString(random.nextLong()).getBytes();
                    final byte[] longer = new byte[bytes.length + digits.length];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    System.arraycopy(digits, 0, longer, at, digits.length);
                    System.arraycopy(bytes, at, longer, at + digits.length, bytes.length - at);
                    bytes = longer;
                }
                default ->
                {
                    final byte[] noise = new byte[random.nextInt(64)];
                    random.nextBytes(noise);
                    System.arraycopy(noise, 0, bytes, at, Math.min(noise.length, bytes.length - at));
                }
            }
        }
        return bytes;
    }

    @Test
    void shouldParseEveryGeneratedMessageToItsFieldsAndKeepThemThroughEncoding()
    {
        final SipMessageGenerator generator = new SipMessageGenerator(SEED + 1);
        final SipMessageWriter writer = new SipMessageWriter();
        for (int i = 0; i < VALID_MESSAGES; i++)
        {
            final SipMessageGenerator.Generated generated = generator.next();
            final String why = "iteration=" + i + "\n" + new String(generated.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            final ByteBuf buffer = Unpooled.wrappedBuffer(generated.bytes());
            final ByteBuf encoded = Unpooled.buffer(generated.bytes().length);
            try
            {
                assertThat(parser.parse(buffer, 0, generated.bytes().length, message)).as(why).isEqualTo(SipParseResult.MESSAGE);
                assertThat(MessageSnapshot.routingFields(message)).as(why).isEqualTo(generated.routingFields());
                final List<String> values = MessageSnapshot.all(message);

                assertThat(parser.parseStream(buffer, 0, generated.bytes().length, message)).as(why).isEqualTo(SipParseResult.MESSAGE);
                assertThat(MessageSnapshot.all(message)).as(why).isEqualTo(values);

                writer.wrap(encoded).writeMessage(message);
                assertThat(parser.parse(encoded, 0, encoded.readableBytes(), reparsed)).as(why).isEqualTo(SipParseResult.MESSAGE);
                assertThat(MessageSnapshot.all(reparsed)).as(why).isEqualTo(values);
            }
            finally
            {
                buffer.release();
                encoded.release();
            }
        }
    }

    @Test
    void shouldFrameAStreamOfGeneratedMessagesWhateverTheReadSizes()
    {
        final SipMessageGenerator generator = new SipMessageGenerator(SEED + 2);
        final Random random = generator.random();
        for (int round = 0; round < 10; round++)
        {
            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 25; i++)
            {
                final SipMessageGenerator.Generated generated = generator.next();
                stream.writeBytes(generated.bytes());
                if (random.nextInt(4) == 0)
                {
                    stream.writeBytes("\r\n".getBytes());
                }
                expected.add(generated.routingFields());
            }
            final byte[] bytes = stream.toByteArray();
            final RecordingHandler handler = new RecordingHandler(false);
            final EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder(SipLimits.DEFAULT, handler));
            for (int at = 0; at < bytes.length; )
            {
                final int size = Math.min(bytes.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 700));
                channel.writeInbound(Unpooled.copiedBuffer(bytes, at, size));
                at += size;
            }
            assertThat(handler.errors).as("round=%d", round).isEmpty();
            assertThat(handler.messages).as("round=%d", round).containsExactlyElementsOf(expected);
            channel.finishAndReleaseAll();
        }
    }
}
