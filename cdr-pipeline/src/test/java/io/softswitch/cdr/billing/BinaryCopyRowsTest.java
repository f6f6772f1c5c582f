package io.softswitch.cdr.billing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values sent by binary COPY read back from PostgreSQL exactly as their text would: money at the
 * edges of the digit groups (zero, sub-unit, negative, a whole number, the largest amount),
 * timestamps before and after PostgreSQL's 2000 epoch with milliseconds, nulls, text with
 * non-ASCII characters, and the integer widths.
 */
class BinaryCopyRowsTest
{
    private static final long[] AMOUNTS = {0, 1, 999_999, 1_000_000, 10_000_000_000L, -35_925, 123_456_789_012_345L,
        -1, 100, 10_000, 9_223_372_036_854_775_807L};

    @Test
    void shouldStoreEveryValueAsItsTextWould() throws Exception
    {
        final DataSource database = BillingDatabases.newDatabase();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement())
        {
            connection.setAutoCommit(false);
            statement.execute("CREATE TABLE copy_check (n INTEGER, amount NUMERIC(24, 6), at TIMESTAMPTZ, " +
                "maybe TIMESTAMPTZ, label TEXT, small SMALLINT, big BIGINT, flag BOOLEAN)");
            final BinaryCopyRows rows = new BinaryCopyRows(8);
            for (int i = 0; i < AMOUNTS.length; i++)
            {
                rows.int4(i).numeric(AMOUNTS[i]).timestamptz(i % 2 == 0 ? 946_684_799_999L : 1_796_070_164_034L)
                    .timestamptzOrNull(i % 3 == 0 ? 0 : 86_400_001L).text("Côte d'Ivoire " + i).int2(-i)
                    .int8(Long.MIN_VALUE + i).bool(i % 2 == 0);
                rows.endRow();
            }
            rows.copy(connection, "COPY copy_check FROM STDIN (FORMAT binary)");
            connection.commit();
        }
        final List<String> stored = BillingQueries.query(database, "SELECT n, amount::text, " +
            "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS'), " +
            "coalesce(to_char(maybe AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS'), 'null'), label, small, big, flag " +
            "FROM copy_check ORDER BY n");
        assertThat(stored).hasSize(AMOUNTS.length);
        for (int i = 0; i < AMOUNTS.length; i++)
        {
            final String at = i % 2 == 0 ? "1999-12-31T23:59:59.999" : "2026-11-30T20:22:44.034";
            final String maybe = i % 3 == 0 ? "null" : "1970-01-02T00:00:00.001";
            assertThat(stored.get(i)).isEqualTo(i + "|" + text(AMOUNTS[i]) + "|" + at + "|" + maybe +
                "|Côte d'Ivoire " + i + "|" + -i + "|" + (Long.MIN_VALUE + i) + "|" + (i % 2 == 0));
        }
        assertThat(Instant.ofEpochMilli(1_796_070_164_034L)).hasToString("2026-11-30T20:22:44.034Z");
    }

    @Test
    void shouldRefuseARowWithTheWrongNumberOfValues()
    {
        final BinaryCopyRows rows = new BinaryCopyRows(2);
        rows.int4(1);
        assertThatThrownBy(rows::endRow).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 values");
    }

    private static String text(final long micros)
    {
        return java.math.BigDecimal.valueOf(micros, 6).toPlainString();
    }
}
