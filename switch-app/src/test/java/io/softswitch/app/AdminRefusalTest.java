package io.softswitch.app;

import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of the admin API on a switch with its embedded PostgreSQL and the demo decks:
 * the status, the message, and that nothing changed (deck versions, rates in force, blocks).
 */
@Tag("e2e")
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminRefusalTest
{
    private static final String DECK = "prefix,destination,rate\n44,United Kingdom,0.011\n";

    @TempDir
    private static Path directory;
    private Softswitch softswitch;
    private HttpClient client;
    private String base;
    private String admin;
    private List<String> vendorARates;

    @BeforeAll
    void start()
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(0)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        softswitch = Softswitch.start(config, Map.of());
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + softswitch.adminPort();
        admin = softswitch.tokens().create("test-admin", Role.ADMIN).token();
        vendorARates = rates("vendor-a", DeckDirection.VENDOR);
    }

    @AfterAll
    void stop()
    {
        client.close();
        softswitch.close();
    }

    @AfterEach
    void nothingChanged() throws Exception
    {
        assertThat(rates("vendor-a", DeckDirection.VENDOR)).isEqualTo(vendorARates);
        assertThat(softswitch.routing().blocks().body().toString()).isEqualTo("Blocks[blocks=[]]");
        for (final String trunk : List.of("vendor-a", "vendor-b", "vendor-c"))
        {
            assertThat(history(trunk, DeckDirection.VENDOR)).as(trunk).isEqualTo(1);
        }
        assertThat(history("acme", DeckDirection.CUSTOMER)).isEqualTo(1);
        assertThat(history("nobody", DeckDirection.VENDOR)).isZero();
    }

    @Test
    void shouldRefuseAnUploadForAnUnknownTrunkWith404BeforeReadingIt() throws Exception
    {
        final HttpResponse<String> refused = post("/api/decks/import?trunk=nobody&direction=vendor&mode=update",
            DECK + "1,USA,0.001\n".repeat(200_000));

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).isEqualTo("{\"error\":\"no such trunk: trunk=nobody\"}");
    }

    @Test
    void shouldRefuseACustomerDeckSentAsAVendorDeck() throws Exception
    {
        final HttpResponse<String> refused = post("/api/decks/import?trunk=acme&direction=vendor&mode=update", DECK);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
            .isEqualTo("{\"error\":\"trunk acme is a customer trunk: direction must be customer, not vendor\"}");
    }

    @Test
    void shouldRequireTheImportMode() throws Exception
    {
        final HttpResponse<String> refused = post("/api/decks/import?trunk=vendor-a&direction=vendor", DECK);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).startsWith("{\"error\":\"mode required: mode=update");
    }

    @Test
    void shouldRefuseAMisspeltDryRunRatherThanImport() throws Exception
    {
        final HttpResponse<String> refused =
            post("/api/decks/import?trunk=vendor-a&direction=vendor&mode=replace&dry_run=true", DECK);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"error\":\"unknown query parameter: name=dry_run (takes: "
            + "accept-drop-bad-rows, confirm-removals, direction, dry-run, effective, file, mapping, mode, trunk)\"}");
    }

    @Test
    void shouldRefuseAFlagThatIsNotTrueOrFalse() throws Exception
    {
        final HttpResponse<String> refused =
            post("/api/decks/import?trunk=vendor-a&direction=vendor&mode=update&dry-run=yes", DECK);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"error\":\"must be true or false: dry-run=yes\"}");
    }

    @Test
    void shouldRefuseAnEmptyDeckAndAHeaderOnlyDeckWith400() throws Exception
    {
        for (final String body : List.of("", "Prefix,Destination,Rate\n"))
        {
            final HttpResponse<String> refused =
                post("/api/decks/import?trunk=vendor-a&direction=vendor&mode=replace&confirm-removals=true&file=x.csv",
                    body);

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body())
                .isEqualTo("{\"error\":\"the deck holds no rate rows (empty, or a header alone): file=x.csv\"}");
        }
    }

    @Test
    void shouldRefuseControlCharactersAndBytesThatAreNotUtf8WithLineAndColumn() throws Exception
    {
        final HttpResponse<String> nul = post("/api/decks/import?trunk=vendor-a&direction=vendor&mode=update&file=n.csv",
            "prefix,destination,rate\n44,United Kingdom,0.011\n33,Fr\u0000nce,0.02\n");
        assertThat(nul.statusCode()).isEqualTo(422);
        assertThat(nul.body()).contains("{\"file\":\"n.csv\",\"line\":3,\"problem\":\"bad_text\","
            + "\"detail\":\"column=2 char=3 control=U+0000\"}");

        final byte[] latin1 = "prefix,destination,rate\n262,R\u00e9union,0.05\n".getBytes(StandardCharsets.ISO_8859_1);
        final HttpResponse<String> notUtf8 = send("POST",
            "/api/decks/import?trunk=vendor-a&direction=vendor&mode=update&file=l.csv", admin,
            HttpRequest.BodyPublishers.ofByteArray(latin1));
        assertThat(notUtf8.statusCode()).isEqualTo(422);
        assertThat(notUtf8.body()).contains("\"line\":2,\"problem\":\"bad_text\",\"detail\":\"column=2 char=2 not_utf8\"");
    }

    @Test
    void shouldRefuseAFiveMegabyteDestinationWithoutStoringOrEchoingIt() throws Exception
    {
        final HttpResponse<String> refused = post("/api/decks/import?trunk=vendor-a&direction=vendor&mode=update",
            "prefix,destination,rate\n44," + "D".repeat(5 * 1024 * 1024) + ",0.011\n");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("\"problem\":\"field_too_long\",\"detail\":\"column=2 length=5242880 max=256\"")
            .hasSizeLessThan(2_000);
    }

    @Test
    void shouldAskToConfirmAReplaceThatRemovesMostOfTheDeck() throws Exception
    {
        final HttpResponse<String> asked = post("/api/decks/import?trunk=vendor-a&direction=vendor&mode=replace", DECK);

        assertThat(asked.statusCode()).isEqualTo(409);
        assertThat(asked.body()).startsWith("{\"outcome\":\"needs_confirmation\",\"message\":\"a replace would remove 8 "
            + "live prefixes, more than 10% of the deck: add confirm-removals=true to remove them, or import with "
            + "mode=update\"").contains("\"problem\":\"removals_unconfirmed\",\"detail\":\"removed=8 live=9 max_percent=10\"");
    }

    @Test
    void shouldRefuseBlocksOfUnknownVendorsAndCustomers() throws Exception
    {
        final HttpResponse<String> unknown = send("POST", "/api/blocks?vendor=nobody", admin, noBody());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no such vendor trunk: vendor=nobody\"}");

        final HttpResponse<String> customer = json("POST", "{\"vendor\":\"acme\",\"prefix\":\"44\"}");
        assertThat(customer.statusCode()).isEqualTo(404);
        assertThat(customer.body()).isEqualTo("{\"error\":\"not a vendor trunk (a customer): vendor=acme\"}");
    }

    @Test
    void shouldRefuseAbsurdPrefixes() throws Exception
    {
        final String digits = "4".repeat(5_000);
        final HttpResponse<String> inJson = json("POST", "{\"prefix\":\"" + digits + "\"}");
        assertThat(inJson.statusCode()).isEqualTo(400);
        assertThat(inJson.body()).isEqualTo("{\"error\":\"field too long: field=prefix length=5000 max=1024\"}");

        final HttpResponse<String> sixteen = json("POST", "{\"prefix\":\"4412345678901234\"}");
        assertThat(sixteen.statusCode()).isEqualTo(400);
        assertThat(sixteen.body()).isEqualTo("{\"error\":\"prefix must be 1 to 15 digits: prefix=4412345678901234\"}");

        final HttpResponse<String> inQuery = send("POST", "/api/blocks?prefix=" + digits, admin, noBody());
        assertThat(inQuery.statusCode()).isEqualTo(400);
        assertThat(inQuery.body()).isEqualTo("{\"error\":\"field too long: field=prefix length=5000 max=1024\"}");
    }

    @Test
    void shouldRefuseWronglyTypedAndMalformedJsonNamingTheField() throws Exception
    {
        final HttpResponse<String> number = json("POST", "{\"vendor\":5}");
        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(number.body()).startsWith("{\"error\":\"body is not a BlockRequest JSON object: field=vendor: wrong type");

        final HttpResponse<String> unknown = json("POST", "{\"vendr\":\"vendor-a\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"body is not a BlockRequest JSON object: field=vendr: "
            + "unknown field (known: prefix, reason, vendor)\"}");

        final HttpResponse<String> malformed = json("POST", "{\"vendor\":\"vendor-a\",\n \"prefix\": }");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).startsWith("{\"error\":\"body is not a BlockRequest JSON object: malformed JSON at "
            + "line 2 column");

        final HttpResponse<String> array = json("POST", "[\"vendor-a\"]");
        assertThat(array.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRefuseAReasonWithAControlCharacterAndAOneMegabyteReason() throws Exception
    {
        final HttpResponse<String> control = json("POST", "{\"vendor\":\"vendor-a\",\"reason\":\"fraud\\u0007\"}");
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(control.body()).isEqualTo("{\"error\":\"control character: field=reason column=6 char=U+0007\"}");

        final HttpResponse<String> huge = json("POST", "{\"vendor\":\"vendor-a\",\"reason\":\"" + "r".repeat(1 << 20) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).isEqualTo("{\"error\":\"body too large: max=65536 bytes\"}");

        final HttpResponse<String> long501 = json("POST", "{\"vendor\":\"vendor-a\",\"reason\":\"" + "r".repeat(501) + "\"}");
        assertThat(long501.statusCode()).isEqualTo(400);
        assertThat(long501.body()).isEqualTo("{\"error\":\"field too long: field=reason length=501 max=500\"}");
    }

    @Test
    void shouldAnswer404ToLiftingABlockThatIsNotInForce() throws Exception
    {
        final HttpResponse<String> refused = send("DELETE", "/api/blocks?vendor=vendor-a", admin, noBody());

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).isEqualTo("{\"error\":\"no such block: vendor=vendor-a prefix=null\"}");
    }

    @Test
    void shouldAnswer404ToTheSimulatorForAnUnknownCustomerOrAVendor() throws Exception
    {
        final HttpResponse<String> unknown = send("GET", "/api/routes/simulate?customer=nobody&number=44", admin, noBody());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no such customer trunk: customer=nobody\"}");

        final HttpResponse<String> vendor = send("GET", "/api/routes/simulate?customer=vendor-a&number=44", admin, noBody());
        assertThat(vendor.statusCode()).isEqualTo(404);
        assertThat(vendor.body()).isEqualTo("{\"error\":\"not a customer trunk (a vendor): customer=vendor-a\"}");
    }

    @Test
    void shouldAnswer404ToTheHistoryOfAnUnknownTrunk() throws Exception
    {
        final HttpResponse<String> refused =
            send("GET", "/api/decks/history?trunk=nobody&direction=vendor", admin, noBody());

        assertThat(refused.statusCode()).isEqualTo(404);
    }

    private List<String> rates(final String trunk, final DeckDirection direction)
    {
        return softswitch.deckStore().ratesAt(trunk, direction, Instant.now(), "").stream().map(Rate::toString).toList();
    }

    private int history(final String trunk, final DeckDirection direction)
    {
        return softswitch.deckStore().history(trunk, direction).size();
    }

    private HttpResponse<String> post(final String path, final String body) throws Exception
    {
        return send("POST", path, admin, HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> json(final String method, final String body) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/api/blocks")).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher noBody()
    {
        return HttpRequest.BodyPublishers.noBody();
    }

    private HttpResponse<String> send(final String method, final String path, final String token,
        final HttpRequest.BodyPublisher body) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token).method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
