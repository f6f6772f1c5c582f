package io.softswitch.ratedeck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseTest
{
    @TempDir
    Path directory;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepDataAcrossRestartsOnTheSameDirectory() throws IOException, SQLException
    {
        final Path data = directory.resolve("postgres");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data))
        {
            assertThat(database.jdbcUrl()).contains(":" + database.port() + "/" + EmbeddedDatabase.DATABASE);
            assertThat(DatabaseMigrations.migrate(database.dataSource())).isEqualTo(2);
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement())
            {
                statement.execute("INSERT INTO deck (trunk, direction) VALUES ('carrier-b', 'VENDOR')");
            }
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();

        try (EmbeddedDatabase database = EmbeddedDatabase.start(data);
             Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT trunk FROM deck"))
        {
            assertThat(DatabaseMigrations.migrate(database.dataSource())).isZero();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("carrier-b");
        }
    }
}
