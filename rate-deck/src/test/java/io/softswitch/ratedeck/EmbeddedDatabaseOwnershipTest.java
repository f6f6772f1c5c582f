package io.softswitch.ratedeck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded cluster's ownership: a stale {@code postmaster.pid} naming an unrelated live process
 * does not block a start, and a directory owned by a running server is refused, not shared.
 */
@Timeout(120)
class EmbeddedDatabaseOwnershipTest
{
    private static final Map<String, String> FAST = Map.of("fsync", "off");

    @TempDir
    Path directory;

    @Test
    void shouldStartDespiteAStalePidFileNamingAnUnrelatedLiveProcess() throws Exception
    {
        final Path data = directory.resolve("postgres");
        EmbeddedDatabase.start(data, FAST).close();
        final Process unrelated = new ProcessBuilder("sleep", "120").start();
        try
        {
            // What a server killed with its machine leaves, once the PID is reused by something else.
            Files.write(data.resolve("postmaster.pid"), List.of(Long.toString(unrelated.pid()), data.toString(),
                "1700000000", "5432", "/tmp", "localhost", "  5432001     65536", "ready   "), StandardCharsets.US_ASCII);

            try (EmbeddedDatabase database = EmbeddedDatabase.start(data, FAST);
                 Connection connection = database.dataSource().getConnection())
            {
                assertThat(connection.isValid(5)).isTrue();
            }
            assertThat(unrelated.isAlive()).as("the unrelated process is left alone").isTrue();
        }
        finally
        {
            unrelated.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRefuseADirectoryItsOwnerStillRuns() throws Exception
    {
        final Path data = directory.resolve("postgres");
        try (EmbeddedDatabase running = EmbeddedDatabase.start(data, FAST))
        {
            assertThatThrownBy(() -> EmbeddedDatabase.start(data, FAST))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("data directory in use");
            try (Connection connection = running.dataSource().getConnection())
            {
                assertThat(connection.isValid(5)).as("the running server is untouched").isTrue();
            }
        }
    }
}
