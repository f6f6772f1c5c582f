package io.softswitch.cdr.billing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;

/**
 * Creates the day partitions of {@code cdr}, {@code cdr_attempt} and {@code cdr_hourly_sums}
 * ({@code cdr_20261130} for calls started on 2026-11-30 UTC) before rows of that day are written:
 * in a short transaction of their own with a lock timeout, since creating a partition locks the
 * parent table. The hourly sums are split by day (migration V8_10) so that a report's partial day
 * reads one day's rows, not the month's.
 */
final class CdrPartitions
{
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private final Set<LocalDate> known = new HashSet<>();

    /**
     * Makes sure the three tables have a partition for every day given.
     *
     * @param connection a connection (its auto-commit state is restored).
     * @param days       the days (UTC).
     * @throws SQLException when a partition cannot be created.
     */
    void ensure(final Connection connection, final Set<LocalDate> days) throws SQLException
    {
        final boolean autoCommit = connection.getAutoCommit();
        try
        {
            for (final LocalDate day : days)
            {
                if (known.contains(day))
                {
                    continue;
                }
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement())
                {
                    statement.execute("SET LOCAL lock_timeout = '5s'");
                    for (final String table : new String[] {"cdr", "cdr_attempt", "cdr_hourly_sums"})
                    {
                        statement.execute(partitionOf(table, day));
                    }
                    connection.commit();
                }
                catch (final SQLException ex)
                {
                    connection.rollback();
                    throw ex;
                }
                known.add(day);
            }
        }
        finally
        {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * The statement that creates a table's partition for a day, if missing.
     *
     * @param table {@code cdr}, {@code cdr_attempt} or {@code cdr_hourly_sums}.
     * @param day   the day (UTC).
     * @return the SQL.
     */
    private static String partitionOf(final String table, final LocalDate day)
    {
        // The hourly sums keep V8_7's fillfactor: an upsert adding to a row stays on its page.
        return "CREATE TABLE IF NOT EXISTS " + table + "_" + day.format(SUFFIX) + " PARTITION OF " + table +
            " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')" +
            ("cdr_hourly_sums".equals(table) ? " WITH (fillfactor = 70)" : "");
    }

    /**
     * Forgets what was created (after a reconnect the database may have been restored).
     */
    void forget()
    {
        known.clear();
    }
}
