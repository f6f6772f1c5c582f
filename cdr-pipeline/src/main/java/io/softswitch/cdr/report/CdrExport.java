package io.softswitch.cdr.report;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Money;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * The CDRs of one trunk over a range, as CSV for reconciliation with that carrier: for a
 * customer its calls (its Call-ID, numbers as it sent them, our sell rate), for a vendor our
 * attempts to it (the Call-ID it saw, the number we sent, its buy rate), each line with the
 * times, billed seconds, the prefix, rate, connect fee, increments and minimum applied, and the
 * amount. The sum of the amounts equals the report's revenue (customer) or cost (vendor) for
 * the trunk over the same range, to the micro-unit.
 */
public final class CdrExport
{
    /** CSV columns. */
    public static final String HEADER = "call_id,calling_number,called_number,start,answer,end,duration_ms,billed_s," +
        "prefix,destination,rate_per_min,connect_fee,increments,minimum_s,amount,final_code,end_reason";

    /** A customer's calls: the day partitions of the range, through cdr's key (V8_6). */
    static final String CUSTOMER_SQL = """
        SELECT customer_call_id, calling_number, called_number_received, call_start, answer_at, end_at, duration_ms,
               sell_billed_s, sell_prefix, destination, sell_rate, sell_connect_fee, sell_first_increment_s,
               sell_next_increment_s, sell_minimum_s, revenue, final_code, end_reason
          FROM cdr WHERE customer_trunk = ? AND call_start >= ? AND call_start < ?
         ORDER BY call_start, node_id, queue, journal_index
        """;
    /**
     * Our attempts to a vendor: the day partitions of the range, through the vendor's index (V8_5);
     * the calling number is the call's (V8_8), and an attempt without a buy rate has none (NULL
     * since V8_8, '' and 0 before: printed the same).
     */
    static final String VENDOR_SQL = """
        SELECT a.vendor_call_id, c.calling_number, a.called_number_sent, a.start_at, a.answer_at, a.end_at,
               a.duration_ms, a.buy_billed_s, coalesce(a.buy_prefix, ''), coalesce(a.buy_destination, ''),
               coalesce(a.buy_rate, 0), coalesce(a.buy_connect_fee, 0), coalesce(a.buy_first_increment_s, 0),
               coalesce(a.buy_next_increment_s, 0), coalesce(a.buy_minimum_s, 0), a.cost, a.final_code, c.end_reason
          FROM cdr_attempt a
          JOIN cdr c ON c.customer_trunk = a.customer_trunk COLLATE "C" AND c.call_start = a.call_start
                    AND c.node_id = a.node_id AND c.queue = a.queue AND c.journal_index = a.journal_index
         WHERE a.vendor_trunk = ? AND a.call_start >= ? AND a.call_start < ?
         ORDER BY a.call_start, a.node_id, a.queue, a.journal_index, a.attempt_no
        """;

    /** Rows per round trip of the cursor. */
    static final int FETCH_ROWS = 5_000;

    private CdrExport()
    {
    }

    /**
     * The direction a trunk has in the decks (a trunk name is a customer or a vendor, not both).
     *
     * @param dataSource the database.
     * @param trunk      the trunk.
     * @return its side, or {@code null} when it has no deck.
     * @throws SQLException when the database cannot be read.
     */
    public static DeckDirection sideOf(final DataSource dataSource, final String trunk) throws SQLException
    {
        try (Connection connection = dataSource.getConnection();
            PreparedStatement statement = connection.prepareStatement("SELECT direction FROM deck WHERE trunk = ?"))
        {
            statement.setString(1, trunk);
            try (ResultSet rows = statement.executeQuery())
            {
                return rows.next() ? DeckDirection.valueOf(rows.getString(1)) : null;
            }
        }
    }

    /**
     * Writes the export.
     *
     * @param dataSource the database.
     * @param trunk      the trunk.
     * @param side       customer (its calls, sell side) or vendor (our attempts to it, buy side).
     * @param range      the hours (of the calls' start).
     * @param out        where the CSV goes.
     * @return the sum of the amounts written, micro-units.
     * @throws SQLException when the database cannot be read.
     */
    public static long write(final DataSource dataSource, final String trunk, final DeckDirection side,
        final ReportRange range, final PrintStream out) throws SQLException
    {
        final Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try
        {
            final long total = write(dataSource, trunk, side, range, writer);
            writer.flush();
            return total;
        }
        catch (final IOException ex)
        {
            // A PrintStream swallows its errors; this is the writer's own, which cannot happen.
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Writes the export as the database's cursor delivers the rows ({@value #FETCH_ROWS} at a
     * time), so that a month of a big carrier's CDRs goes out in bounded memory. The writer is
     * not flushed at the end.
     *
     * @param dataSource the database.
     * @param trunk      the trunk.
     * @param side       customer (its calls, sell side) or vendor (our attempts to it, buy side).
     * @param range      the hours (of the calls' start).
     * @param out        where the CSV goes; an error writing to it (the client went away) stops the query.
     * @return the sum of the amounts written, micro-units.
     * @throws SQLException when the database cannot be read.
     * @throws IOException  when the CSV cannot be written.
     */
    public static long write(final DataSource dataSource, final String trunk, final DeckDirection side,
        final ReportRange range, final Writer out) throws SQLException, IOException
    {
        long total = 0;
        out.append(HEADER).append('\n');
        try (Connection connection = dataSource.getConnection())
        {
            // A server-side cursor (pgjdbc needs autocommit off and a fetch size for one): the rows
            // come FETCH_ROWS at a time instead of the whole result at once.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(
                side == DeckDirection.CUSTOMER ? CUSTOMER_SQL : VENDOR_SQL))
            {
                statement.setFetchSize(FETCH_ROWS);
                statement.setString(1, trunk);
                statement.setObject(2, OffsetDateTime.ofInstant(range.from(), ZoneOffset.UTC));
                statement.setObject(3, OffsetDateTime.ofInstant(range.to(), ZoneOffset.UTC));
                try (ResultSet rows = statement.executeQuery())
                {
                    final StringBuilder line = new StringBuilder(256);
                    while (rows.next())
                    {
                        line.setLength(0);
                        line.append(CsvText.field(rows.getString(1))).append(',')
                            .append(CsvText.field(rows.getString(2))).append(',')
                            .append(CsvText.field(rows.getString(3))).append(',')
                            .append(time(rows.getTimestamp(4))).append(',')
                            .append(time(rows.getTimestamp(5))).append(',')
                            .append(time(rows.getTimestamp(6))).append(',')
                            .append(rows.getLong(7)).append(',')
                            .append(rows.getLong(8)).append(',')
                            .append(CsvText.field(rows.getString(9))).append(',')
                            .append(CsvText.field(rows.getString(10))).append(',');
                        Money.appendTo(line, micros(rows.getBigDecimal(11))).append(',');
                        Money.appendTo(line, micros(rows.getBigDecimal(12))).append(',');
                        line.append(rows.getInt(13)).append('/').append(rows.getInt(14)).append(',')
                            .append(rows.getInt(15)).append(',');
                        final long amount = micros(rows.getBigDecimal(16));
                        total = Math.addExact(total, amount);
                        Money.appendTo(line, amount).append(',').append(rows.getInt(17)).append(',')
                            .append(CsvText.field(rows.getString(18)));
                        out.append(line).append('\n');
                    }
                }
            }
            finally
            {
                connection.rollback();
            }
        }
        return total;
    }

    private static String time(final Timestamp timestamp)
    {
        return timestamp == null ? "" : timestamp.toInstant().toString();
    }

    private static long micros(final BigDecimal value)
    {
        return value.movePointRight(6).longValueExact();
    }
}
