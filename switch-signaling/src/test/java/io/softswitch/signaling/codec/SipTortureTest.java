package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of the shared SIP torture set (RFC 4475, RFC 5118) parsed as its README says:
 * accepted ones with their routing fields and validator answer, rejected ones with the error,
 * its byte offset and the response code; and every accepted one survives parse, encode, parse.
 */
class SipTortureTest
{
    /** What the parser and then the validator make of an accepted file (validator -1: a response). */
    record Accepted(int validatorCode, String routingFields)
    {
    }

    /** What the parser reports for a rejected file. */
    record Rejected(SipParseError error, int responseCode, int errorOffset)
    {
    }

    /**
     * Fields in the order of {@link MessageSnapshot#routingFields}: method|uriUser|uriHost|uriPort|
     * callId|cseq|cseqMethod|maxForwards|fromTag|toTag|viaCount|transport|viaHost|viaPort|branch|
     * contentLength|bodyLength. Each was checked against the file's text.
     */
    static final Map<String, Accepted> ACCEPTED = Map.ofEntries(
        entry("badbranch", new Accepted(0, "OPTIONS|user|example.com|-1|badbranch.sadonfo23i420jv0as0derf3j3n|8|OPTIONS|3|33242|null|1|UDP|192.0.2.1|-1|z9hG4bK|0|0")),
        entry("baddate", new Accepted(0, "INVITE|user|example.com|-1|baddate.239423mnsadf3j23lj42--sedfnm234|1392934|INVITE|70|2234923|null|1|UDP|host.example.com|-1|z9hG4bKkdjuw|150|150")),
        entry("bcast", new Accepted(-1, "200|null|null|-1|bcast.0384840201234ksdfak3j2erwedfsASdf|35|INVITE|-1|11141343|2229|2|UDP|192.0.2.198|-1|z9hG4bK1324923|154|154")),
        entry("bext01", new Accepted(420, "OPTIONS|user|example.com|-1|bext01.0ha0isndaksdj|8|OPTIONS|6|242etr|null|1|TLS|fold-and-staple.example.com|-1|z9hG4bKkdjuw|0|0")),
        entry("cparam01", new Accepted(0, "REGISTER|null|example.com|-1|cparam01.70710@saturn.example.com|2|REGISTER|70|DkfVgjkrtMwaerKKpe|null|1|UDP|saturn.example.com|5060|z9hG4bKkdjuw|0|0")),
        entry("cparam02", new Accepted(0, "REGISTER|null|example.com|-1|cparam02.70710@saturn.example.com|3|REGISTER|70|838293|null|1|UDP|saturn.example.com|5060|z9hG4bKkdjuw|0|0")),
        entry("dblreq", new Accepted(0, "REGISTER|null|example.com|-1|dblreq.0ha0isndaksdj99sdfafnl3lk233412|8|REGISTER|8|43251j3j324|null|1|UDP|192.0.2.125|-1|z9hG4bKkdjuw23492|0|0")),
        entry("esc01", new Accepted(0, "INVITE|sips%3Auser%40example.com|example.net|-1|esc01.239409asdfakjkn23onasd0-3234|234234|INVITE|87|938|null|1|UDP|host5.example.net|-1|z9hG4bKkdjuw|150|150")),
        entry("esc02", new Accepted(0, "RE%47IST%45R|null|registrar.example.com|-1|esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf|29344|EXTENSION|70|f232jadfj23|null|1|TCP|host.example.com|-1|z9hG4bK209%fzsnel234|0|0")),
        entry("escnull", new Accepted(0, "REGISTER|null|example.com|-1|escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd|14398234|REGISTER|70|839923423|null|1|UDP|host5.example.com|-1|z9hG4bKkdjuw|0|0")),
        entry("escruri", new Accepted(0, "INVITE|user|example.com|-1|escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5|149209342|INVITE|7|341518|null|1|UDP|host-of-the-hour.example.com|-1|z9hG4bKkdjuw|150|150")),
        entry("insuf", new Accepted(400, "INVITE|user|example.com|-1|null|193942|INVITE|-1|null|null|1|UDP|192.0.2.95|-1|z9hG4bKkdj.insuf|152|152")),
        entry("intmeth", new Accepted(0, "!interesting-Method0123456789_*+`.%indeed'~|1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*|example.com|-1|intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{|139122385|EXTENSION|255|_token~1'+`*%!-.|null|1|TCP|host1.example.com|-1|z9hG4bK-.!%66*_+`'~|0|0")),
        entry("inv2543", new Accepted(0, "INVITE|UserB|example.com|-1|inv2543.1717@ift.client.example.com|56|INVITE|-1|null|null|1|UDP|iftgw.example.com|-1|null|-1|105")),
        entry("invut", new Accepted(415, "INVITE|user|example.com|-1|invut.0ha0isndaksdjadsfij34n23d|235448|INVITE|70|8392034|null|1|UDP|somehost.example.com|-1|z9hG4bKkdjuw|40|40")),
        entry("longreq", new Accepted(0, "INVITE|user|example.com|-1|longreq.onereallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallylongcallid|3882340|INVITE|70|12982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982424|null|34|TCP|sip33.example.com|-1|null|150|150")),
        entry("lwsdisp", new Accepted(0, "OPTIONS|user|example.com|-1|lwsdisp.1234abcd@funky.example.com|60|OPTIONS|70|323|null|1|UDP|funky.example.com|-1|z9hG4bKkdjuw|0|0")),
        entry("mcl01", new Accepted(400, "OPTIONS|user|example.com|-1|mcl01.fhn2323orihawfdoa3o4r52o3irsdf|15932|OPTIONS|60|3923942|null|1|UDP|host5.example.net|-1|z9hG4bK293423|13|13")),
        entry("mismatch01", new Accepted(400, "OPTIONS|user|example.com|-1|mismatch01.dj0234sxdfl3|8|INVITE|6|34525|null|1|UDP|host.example.com|-1|z9hG4bKkdjuw|0|0")),
        entry("mismatch02", new Accepted(400, "NEWMETHOD|user|example.com|-1|mismatch02.dj0234sxdfl3|8|INVITE|6|34525|null|1|UDP|host.example.net|-1|z9hG4bKkdjuw|138|138")),
        entry("mpart01", new Accepted(0, "MESSAGE|kumiko|example.org|-1|3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..|1|MESSAGE|70|2fb0dcc9|null|1|UDP|127.0.0.1|5070|z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-|553|553")),
        entry("multi01", new Accepted(400, "INVITE|user|company.com|-1|multi01.98asdh@192.0.2.1|5|INVITE|70|3413415|null|1|UDP|192.0.2.25|-1|z9hG4bKkdjuw|154|154")),
        entry("noreason", new Accepted(-1, "100|null|null|-1|noreason.asndj203insdf99223ndf|35|INVITE|-1|39ansfi3|902jndnke3|1|UDP|192.0.2.105|-1|z9hG4bK2398ndaoe|0|0")),
        entry("novelsc", new Accepted(416, "OPTIONS|null|null|-1|novelsc.asdfasser0q239nwsdfasdkl34|3923423|OPTIONS|3|384|null|1|TCP|host9.example.com|-1|z9hG4bKkdjuw39234|0|0")),
        entry("regaut01", new Accepted(0, "REGISTER|null|example.com|-1|regaut01.0ha0isndaksdj|9338|REGISTER|8|87321hj23128|null|1|TCP|192.0.2.253|-1|z9hG4bKkdjuw|0|0")),
        entry("regbadct", new Accepted(0, "REGISTER|null|example.com|-1|regbadct.k345asrl3fdbv@10.0.0.1|1|REGISTER|70|998332|null|1|UDP|135.180.130.133|5060|z9hG4bKkdjuw|0|0")),
        entry("regescrt", new Accepted(0, "REGISTER|null|example.com|-1|regescrt.k345asrl3fdbv@192.0.2.1|14398234|REGISTER|70|8|null|1|UDP|host5.example.com|-1|z9hG4bKkdjuw|0|0")),
        entry("sdp01", new Accepted(406, "INVITE|user|example.com|-1|sdp01.ndaksdj9342dasdd|8|INVITE|5|234|null|1|UDP|192.0.2.15|-1|z9hG4bKkdjuw|150|150")),
        entry("semiuri", new Accepted(0, "OPTIONS|user;par=u%40example.net|example.com|-1|semiuri.0ha0isndaksdj|8|OPTIONS|3|33242|null|1|UDP|192.0.2.1|-1|z9hG4bKkdjuw|0|0")),
        entry("transports", new Accepted(0, "OPTIONS|user|example.com|-1|transports.kijh4akdnaqjkwendsasfdj|60|OPTIONS|70|323|null|5|UDP|t1.example.com|-1|z9hG4bKkdjuw|0|0")),
        entry("unkscm", new Accepted(416, "OPTIONS|null|null|-1|unkscm.nasdfasser0q239nwsdfasdkl34|3923423|OPTIONS|3|384|null|1|TCP|host9.example.com|-1|z9hG4bKkdjuw39234|0|0")),
        entry("unksm2", new Accepted(0, "REGISTER|null|example.com|-1|unksm2.daksdj@hyphenated-host.example.com|234902|REGISTER|70|3234233|null|1|UDP|192.0.2.21|5060|z9hG4bKkdjuw|0|0")),
        entry("unreason", new Accepted(-1, "200|null|null|-1|unreason.1234ksdfak3j2erwedfsASdf|35|INVITE|-1|11141343|2229|1|UDP|192.0.2.198|-1|z9hG4bK1324923|154|154")),
        entry("wsinv", new Accepted(0, "INVITE|vivekg|chair-dnrc.example.com|-1|wsinv.ndaksdj@192.0.2.1|9|INVITE|68|98asjd8|1918181833n|3|UDP|192.0.2.2|-1|390skdjuw|150|150")),
        entry("zeromf", new Accepted(483, "OPTIONS|user|example.com|-1|zeromf.jfasdlfnm2o2l43r5u0asdfas|39234321|OPTIONS|0|3ghsd41|null|1|UDP|host1.example.com|-1|z9hG4bKkdjuw2349i|0|0")),
        entry("ipv4-mapped-ipv6", new Accepted(0, "INVITE|user|example.com|-1|SSG9559905523997077@hlau_4100|612|INVITE|70|81x2|null|2|UDP|[::ffff:192.0.2.10]|19823|z9hG4bKbh19|236|236")),
        entry("ipv6-correct-abnf-2-colons", new Accepted(0, "OPTIONS|user|[2001:db8::192.0.2.1]|-1|G9559905523997077@hlau_4100|689|OPTIONS|70|810x2|null|1|UDP|lab1.east.example.com|-1|z9hG4bKas3-111|0|0")),
        entry("ipv6-good", new Accepted(0, "REGISTER|null|[2001:db8::10]|-1|SSG9559905523997077@hlau_4100|98176|REGISTER|70|81x2|null|1|UDP|[2001:db8::9:1]|-1|z9hG4bKas3-111|0|0")),
        entry("ipv6-in-sdp", new Accepted(0, "INVITE|user|[2001:db8::10]|-1|SSG9559905523997077@hlau_4100|8612|INVITE|70|81x2|null|1|UDP|[2001:db8::20]|-1|z9hG4bKas3-111|241|241")),
        entry("mult-ip-in-header", new Accepted(0, "BYE|user|host.example.net|-1|997077@lau_4100|89187|BYE|70|81x2|9817--94|3|UDP|[2001:db8::9:1]|6050|z9hG4bKas3-111|0|0")),
        entry("mult-ip-in-sdp", new Accepted(0, "INVITE|user|[2001:db8::10]|-1|SSG9559905523997077@hlau_4100|8912|INVITE|70|81x2|null|1|UDP|[2001:db8::9:1]|-1|z9hG4bKas3-111|181|181")),
        entry("port-ambiguous", new Accepted(0, "REGISTER|null|[2001:db8::10:5070]|-1|SSG9559905523997077@hlau_4100|98176|REGISTER|70|81x2|null|1|UDP|[2001:db8::9:1]|-1|z9hG4bKas3-111|0|0")),
        entry("port-unambiguous", new Accepted(0, "REGISTER|null|[2001:db8::10]|5070|SSG9559905523997077@hlau_4100|98176|REGISTER|70|81x2|null|1|UDP|[2001:db8::9:1]|-1|z9hG4bKas3-111|0|0")),
        entry("via-received-param-no-delim", new Accepted(0, "OPTIONS|null|[2001:db8::10]|-1|SSG95523997077@hlau_4100|921|OPTIONS|70|81x2|null|1|UDP|[2001:db8::9:1]|-1|z9hG4bKas3|0|0")),
        entry("via-received-param-with-delim", new Accepted(0, "BYE|null|[2001:db8::10]|-1|SSG9559905523997077@hlau_4100|321|BYE|70|81x2|bd76ya|1|UDP|[2001:db8::9:1]|-1|z9hG4bKas3-111|0|0")));

    /** Offsets were checked against the files: each points at the first byte that breaks the grammar. */
    static final Map<String, Rejected> REJECTED = Map.ofEntries(
        entry("badaspec", new Rejected(SipParseError.BAD_ADDRESS, 400, 206)),
        entry("baddn", new Rejected(SipParseError.BAD_ADDRESS, 400, 139)),
        entry("badinv01", new Rejected(SipParseError.BAD_VIA, 400, 217)),
        entry("badvers", new Rejected(SipParseError.UNSUPPORTED_VERSION, 505, 33)),
        entry("bigcode", new Rejected(SipParseError.BAD_STATUS_CODE, 0, 8)),
        entry("clerr", new Rejected(SipParseError.TRUNCATED_BODY, 400, 498)),
        entry("ltgtruri", new Rejected(SipParseError.BAD_REQUEST_URI, 400, 7)),
        entry("lwsruri", new Rejected(SipParseError.BAD_START_LINE, 400, 29)),
        entry("lwsstart", new Rejected(SipParseError.BAD_START_LINE, 400, 7)),
        entry("ncl", new Rejected(SipParseError.BAD_CONTENT_LENGTH, 400, 326)),
        entry("quotbal", new Rejected(SipParseError.BAD_ADDRESS, 400, 41)),
        entry("scalar02", new Rejected(SipParseError.BAD_CSEQ, 400, 174)),
        entry("scalarlg", new Rejected(SipParseError.BAD_CSEQ, 0, 198)),
        entry("trws", new Rejected(SipParseError.BAD_START_LINE, 400, 45)),
        entry("ipv6-bad", new Rejected(SipParseError.BAD_REQUEST_URI, 400, 18)),
        entry("ipv6-bug-abnf-3-colons", new Rejected(SipParseError.BAD_REQUEST_URI, 400, 18)));

    private final SipParser parser = new SipParser(SipLimits.DEFAULT);
    private final SipMessage message = new SipMessage(SipLimits.DEFAULT);
    private final SipMessage reparsed = new SipMessage(SipLimits.DEFAULT);
    private final SipRequestValidator validator = new SipRequestValidator(List.of());

    static List<String> files()
    {
        return TortureFixtures.files();
    }

    @ParameterizedTest
    @MethodSource("files")
    void shouldParseOrRejectEachTortureFileAsItsReadmeSays(final String file)
    {
        final String name = TortureFixtures.name(file);
        assertThat(ACCEPTED.containsKey(name) ^ REJECTED.containsKey(name))
            .as("exactly one expectation for file=%s", file).isTrue();
        final byte[] bytes = TortureFixtures.read(file);
        final ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        try
        {
            final SipParseResult result = parser.parse(buffer, 0, bytes.length, message);
            final Rejected rejected = REJECTED.get(name);
            if (rejected != null)
            {
                assertThat(result).as(file).isEqualTo(SipParseResult.ERROR);
                assertThat(message.error()).as(file).isEqualTo(rejected.error());
                assertThat(message.errorResponseCode()).as(file).isEqualTo(rejected.responseCode());
                assertThat(message.errorOffset()).as(file).isEqualTo(rejected.errorOffset());
            }
            else
            {
                assertThat(result).as(file).isEqualTo(SipParseResult.MESSAGE);
                assertThat(message.error()).isNull();
                assertThat(MessageSnapshot.routingFields(message)).as(file)
                    .isEqualTo(ACCEPTED.get(name).routingFields());
                assertThat(message.offset() + message.length()).isLessThanOrEqualTo(bytes.length);
            }
        }
        finally
        {
            buffer.release();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void shouldGiveEachAcceptedRequestTheValidatorAnswerOfTheReadme(final String file)
    {
        final Accepted accepted = ACCEPTED.get(TortureFixtures.name(file));
        if (accepted == null || accepted.validatorCode() < 0)
        {
            return;
        }
        final byte[] bytes = TortureFixtures.read(file);
        final ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        try
        {
            assertThat(parser.parse(buffer, 0, bytes.length, message)).isEqualTo(SipParseResult.MESSAGE);
            assertThat(validator.validate(message)).as(file).isEqualTo(accepted.validatorCode());
            assertThat(validator.reason() == null).isEqualTo(accepted.validatorCode() == 0);
        }
        finally
        {
            buffer.release();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void shouldKeepEveryValueThroughParseEncodeParse(final String file)
    {
        if (!ACCEPTED.containsKey(TortureFixtures.name(file)))
        {
            return;
        }
        final byte[] bytes = TortureFixtures.read(file);
        final ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        final ByteBuf encoded = Unpooled.buffer(bytes.length + 256);
        try
        {
            assertThat(parser.parse(buffer, 0, bytes.length, message)).isEqualTo(SipParseResult.MESSAGE);
            new SipMessageWriter().wrap(encoded).writeMessage(message);
            assertThat(parser.parse(encoded, encoded.readerIndex(), encoded.readableBytes(), reparsed))
                .as("%s re-encoded:%n%s", file, encoded.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo(SipParseResult.MESSAGE);
            assertThat(MessageSnapshot.all(reparsed)).as(file).isEqualTo(MessageSnapshot.all(message));
            assertThat(reparsed.length()).isEqualTo(encoded.readableBytes());
        }
        finally
        {
            buffer.release();
            encoded.release();
        }
    }

    @Test
    void shouldWriteUnsupportedWithEveryUnknownRequiredExtension()
    {
        final byte[] bytes = TortureFixtures.read("rfc4475/bext01.dat");
        final ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        final ByteBuf out = Unpooled.buffer();
        try
        {
            parser.parse(buffer, 0, bytes.length, message);
            assertThat(validator.validate(message)).isEqualTo(420);
            assertThat(message.rangeAsString(validator.unsupportedOffset(), validator.unsupportedLength()))
                .isEqualTo("nothingSupportsThis");
            validator.writeUnsupported(message, new SipMessageWriter().wrap(out));
            assertThat(out.toString(StandardCharsets.US_ASCII))
                .isEqualTo("Unsupported: nothingSupportsThis, nothingSupportsThisEither\r\n");
        }
        finally
        {
            buffer.release();
            out.release();
        }
    }

    @Test
    void shouldListEveryTortureFileInTheExpectedAnswerTable() throws IOException
    {
        final Map<String, String> table = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/sip-torture-expected.csv"))
        {
            assertThat(in).as("sip-torture-expected.csv on the test classpath").isNotNull();
            final String csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (final String line : csv.split("\n"))
            {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("file,"))
                {
                    continue;
                }
                final String[] columns = line.split(",", -1);
                assertThat(columns).as(line).hasSize(3);
                assertThat(columns[1]).as(line).matches("(accept|drop|[1-6][0-9][0-9])(\\|(accept|drop|[1-6][0-9][0-9]))*");
                table.put(columns[0], columns[1]);
            }
        }
        assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(TortureFixtures.files());
        for (final Map.Entry<String, String> row : table.entrySet())
        {
            final String name = TortureFixtures.name(row.getKey());
            final Rejected rejected = REJECTED.get(name);
            final Accepted accepted = ACCEPTED.get(name);
            final String first = row.getValue().split("\\|")[0];
            if (rejected != null)
            {
                assertThat(first).as(row.getKey())
                    .isEqualTo(rejected.responseCode() == 0 ? "drop" : Integer.toString(rejected.responseCode()));
            }
            else if (accepted.validatorCode() > 0)
            {
                assertThat(first).as(row.getKey()).isEqualTo(Integer.toString(accepted.validatorCode()));
            }
            else
            {
                // Parsed and passed by the validator: the core answers by method, never 400.
                assertThat(first).as(row.getKey()).isIn("accept", "drop", "200", "405", "481", "501");
            }
        }
    }
}
