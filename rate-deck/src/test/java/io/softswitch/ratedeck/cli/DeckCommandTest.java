package io.softswitch.ratedeck.cli;

import io.softswitch.ratedeck.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeckCommandTest
{
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    private String jdbcUrl;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createDatabase()
    {
        jdbcUrl = TestDatabases.newDatabase().jdbcUrl();
    }

    private int run(final String... args)
    {
        out.reset();
        err.reset();
        return DeckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(DeckCommand.JDBC_URL_ENV, jdbcUrl), CLOCK);
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldImportShowHistoryAndDiffADeck() throws IOException
    {
        final Path first = directory.resolve("first.csv");
        Files.writeString(first, "44;United Kingdom;0,01;2026-06-01;60/60\n33;France;0,02;;1/1\n");
        final Path second = directory.resolve("second.csv");
        Files.writeString(second, "Code,Price\n44,0.02\n");

        assertThat(run("import", "--trunk", "carrier-b", "--direction", "vendor", "--file", first.toString(),
            "--mapping", "code-first")).isZero();
        assertThat(out()).contains("outcome=STORED version=1 rows=2 accepted=2").contains("diff: new=2 increased=0");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("100.0%").contains("2 rows")
            .contains("validated 2 rows (0 refused)");

        assertThat(run("import", "--trunk=carrier-b", "--direction=vendor", "--file=" + second,
            "--mapping=prefix=Code,rate=Price", "--mode=update", "--effective=2026-07-01")).isZero();
        assertThat(out()).contains("outcome=STORED version=2").contains("increased 44");

        assertThat(run("show", "--trunk", "carrier-b", "--direction", "vendor", "--at", "2026-07-01T00:00:00Z")).isZero();
        assertThat(out()).contains("0.020000").contains("33").contains("2 rates in force at 2026-07-01T00:00:00Z");

        assertThat(run("show", "--trunk", "carrier-b", "--direction", "vendor", "--prefix", "3")).isZero();
        assertThat(out()).contains("1 rates in force");

        assertThat(run("history", "--trunk", "carrier-b", "--direction", "vendor")).isZero();
        assertThat(out().lines().count()).isEqualTo(3);
        assertThat(out()).contains("first.csv").contains("second.csv");

        assertThat(run("diff", "--trunk", "carrier-b", "--direction", "vendor", "--version", "2")).isZero();
        assertThat(out()).contains("diff: new=0 increased=1 decreased=0 removed=0 unchanged=0");
    }

    @Test
    void shouldExitOneAndListRefusedRowsWhenTheFileHasErrors() throws IOException
    {
        final Path file = directory.resolve("bad.csv");
        Files.writeString(file, "prefix,rate\n44,0.01\nx1,0.02\n");

        assertThat(run("import", "--trunk", "carrier-b", "--direction", "vendor", "--file", file.toString())).isEqualTo(1);
        assertThat(out()).contains("outcome=REJECTED").contains("bad.csv:3: bad_prefix prefix=x1");

        assertThat(run("history", "--trunk", "carrier-b", "--direction", "vendor")).isZero();
        assertThat(out().lines().count()).isEqualTo(1);
    }

    @Test
    void shouldRefuseARowAboveTheGivenOrDefaultCeiling() throws IOException
    {
        final Path file = directory.resolve("typo.csv");
        Files.writeString(file, "prefix,rate\n44,0.01\n33,150.00\n");

        assertThat(run("import", "--trunk", "carrier-b", "--direction", "vendor", "--file", file.toString())).isEqualTo(1);
        assertThat(out()).contains("typo.csv:3: rate_above_ceiling rate=150.00 max=100.000000");

        assertThat(run("import", "--trunk", "carrier-b", "--direction", "vendor", "--file", file.toString(),
            "--max-rate-per-minute", "200")).isZero();
        assertThat(run("import", "--trunk", "carrier-b", "--direction", "vendor", "--file", file.toString(),
            "--max-rate-per-minute", "0.5")).isEqualTo(1);
        assertThat(out()).contains("typo.csv:3: rate_above_ceiling rate=150.00 max=0.500000");
    }

    @Test
    void shouldExitTwoOnUsageErrors()
    {
        assertThat(run()).isEqualTo(2);
        assertThat(run("import", "--trunk", "carrier-b", "--direction", "sideways", "--file", "x.csv")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("file not readable");
        assertThat(run("show", "--trunk", "carrier-b", "--direction", "sideways")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("direction is vendor or customer: direction=sideways");
    }

    @Test
    void shouldDrawProgressBarFromBytesRead()
    {
        assertThat(ProgressBar.render(500_000, 50, 100, 2_000_000_000L))
            .isEqualTo("\r[###############---------------]  50.0% 500,000 rows 250,000 rows/s");
    }
}
