package io.softswitch.cdr.report;

import io.softswitch.ratedeck.Money;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The margin report: revenue, cost, margin and margin %, with calls, ASR, ACD and minutes, by
 * customer, vendor, destination, day or hour over a range, summed from the aggregates (never from
 * the CDR rows, and never holding locks the billing tailer needs): by day or hour from the hourly
 * totals; by customer, vendor or destination from the daily roll-up for the range's whole days
 * and from the hourly rows for its partial days at either end. Read in a read-only transaction.
 *
 * @param by    the grouping.
 * @param range the hours covered.
 * @param rows  one per key, ordered by key.
 * @param total the sum of the rows.
 */
public record MarginReport(GroupBy by, ReportRange range, List<MarginRow> rows, MarginRow total)
{
    private static final String COLUMNS = "calls, attempts, answered, duration_ms, sell_billed_s, buy_billed_s, " +
        "revenue, cost";
    private static final String SUMS = "sum(calls), sum(attempts), sum(answered), sum(duration_ms), " +
        "sum(sell_billed_s), sum(buy_billed_s), sum(revenue), sum(cost)";

    private static final String SUMS_NAMED = "sum(calls) AS calls, sum(attempts) AS attempts, " +
        "sum(answered) AS answered, sum(duration_ms) AS duration_ms, sum(sell_billed_s) AS sell_billed_s, " +
        "sum(buy_billed_s) AS buy_billed_s, sum(revenue) AS revenue, sum(cost) AS cost";

    /** Columns of the CSV and the JSON fields, in order. */
    public static final String HEADER = "key,calls,attempts,answered,asr_percent,acd_s,minutes,billed_minutes," +
        "revenue,cost,margin,margin_percent";

    /**
     * Runs the report.
     *
     * @param dataSource the billing database.
     * @param by         the grouping.
     * @param range      the hours.
     * @return the report.
     * @throws SQLException when the database cannot be read.
     */
    public static MarginReport query(final DataSource dataSource, final GroupBy by, final ReportRange range)
        throws SQLException
    {
        final Sql sql = sql(by, range);
        final List<MarginRow> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection())
        {
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(sql.text()))
            {
                for (int i = 0; i < sql.parameters().size(); i++)
                {
                    statement.setObject(i + 1, sql.parameters().get(i));
                }
                try (ResultSet result = statement.executeQuery())
                {
                    while (result.next())
                    {
                        final String key = result.getString(1);
                        rows.add(new MarginRow(key == null || key.isEmpty() ? "-" : key, result.getLong(2),
                            result.getLong(3), result.getLong(4), result.getLong(5), result.getLong(6),
                            result.getLong(7), micros(result.getBigDecimal(8)), micros(result.getBigDecimal(9))));
                    }
                }
            }
        }
        return new MarginReport(by, range, List.copyOf(rows), MarginRow.total("total", rows));
    }

    /**
     * The report's query and its parameters. The hours of a partial day at either end are read from
     * {@code cdr_hourly_sums}, whose day partitions (V8_10) let PostgreSQL read only those days.
     *
     * @param by    the grouping.
     * @param range the hours.
     * @return the SQL and its parameters, in order.
     */
    static Sql sql(final GroupBy by, final ReportRange range)
    {
        final Instant firstDay = ceilDay(range.from());
        final Instant endDay = range.to().truncatedTo(ChronoUnit.DAYS);
        final List<Object> parameters = new ArrayList<>();
        final String sql;
        if (by.dimension() < 0)
        {
            // Day and hour rows: the hourly totals, at most 24 rows a day whatever the traffic.
            sql = "SELECT " + by.column() + " AS key, " + SUMS + " FROM cdr_hourly_total WHERE hour >= ? AND hour < ? " +
                "GROUP BY 1 ORDER BY 1";
            parameters.add(time(range.from()));
            parameters.add(time(range.to()));
        }
        else if (firstDay.isBefore(endDay))
        {
            // Whole days from the daily roll-up, the hours before the first and after the last whole
            // day from the hourly rows; summed per key id, then the few result rows get their names.
            sql = named("SELECT key_id, " + SUMS_NAMED + " FROM (SELECT key_id, " + COLUMNS + " FROM cdr_daily_sums " +
                "WHERE dimension = ? AND day >= ? AND day < ? UNION ALL SELECT " + by.column() + " AS key_id, " +
                COLUMNS + " FROM cdr_hourly_sums WHERE (hour >= ? AND hour < ?) OR (hour >= ? AND hour < ?)) AS parts " +
                "GROUP BY 1");
            parameters.add(by.dimension());
            parameters.add(LocalDate.ofInstant(firstDay, ZoneOffset.UTC));
            parameters.add(LocalDate.ofInstant(endDay, ZoneOffset.UTC));
            parameters.add(time(range.from()));
            parameters.add(time(firstDay));
            parameters.add(time(endDay));
            parameters.add(time(range.to()));
        }
        else
        {
            sql = named("SELECT " + by.column() + " AS key_id, " + SUMS_NAMED + " FROM cdr_hourly_sums " +
                "WHERE hour >= ? AND hour < ? GROUP BY 1");
            parameters.add(time(range.from()));
            parameters.add(time(range.to()));
        }
        return new Sql(sql, List.copyOf(parameters));
    }

    /**
     * A query and its parameters.
     *
     * @param text       the SQL.
     * @param parameters its parameters, in order.
     */
    record Sql(String text, List<Object> parameters)
    {
    }

    /** The sums per key id of {@code byId}, with the key's name (V8_7's {@code cdr_name}), in name order. */
    private static String named(final String byId)
    {
        return "SELECT n.name AS key, " + COLUMNS + " FROM (" + byId + ") AS s JOIN cdr_name n ON n.id = s.key_id " +
            "ORDER BY n.name";
    }

    private static Instant ceilDay(final Instant instant)
    {
        final Instant floor = instant.truncatedTo(ChronoUnit.DAYS);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.DAYS);
    }

    private static OffsetDateTime time(final Instant instant)
    {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static long micros(final BigDecimal value)
    {
        return value.movePointRight(6).longValueExact();
    }

    /**
     * Writes the report as CSV: a header, one line per row, then the total.
     *
     * @param out where to write.
     */
    public void writeCsv(final PrintStream out)
    {
        out.println(HEADER);
        for (final MarginRow row : rows)
        {
            out.println(csvLine(row));
        }
        out.println(csvLine(total));
    }

    private String csvLine(final MarginRow row)
    {
        final StringBuilder line = new StringBuilder(160);
        line.append(CsvText.field(row.key())).append(',').append(row.calls()).append(',').append(row.attempts())
            .append(',').append(row.answered()).append(',').append(plain(row.asrPercent(by == GroupBy.VENDOR)))
            .append(',').append(plain(row.acdSeconds())).append(',').append(plain(row.minutes())).append(',')
            .append(plain(row.billedMinutes())).append(',');
        Money.appendTo(line, row.revenueMicros()).append(',');
        Money.appendTo(line, row.costMicros()).append(',');
        Money.appendTo(line, row.marginMicros()).append(',').append(plain(row.marginPercent()));
        return line.toString();
    }

    /**
     * Writes the report as one JSON object: the grouping, the range, the rows and the total;
     * money as decimal strings (exact), ratios as numbers.
     *
     * @param out where to write.
     */
    public void writeJson(final PrintStream out)
    {
        final StringBuilder json = new StringBuilder(256 + rows.size() * 256);
        json.append("{\"by\":\"").append(by.name().toLowerCase(java.util.Locale.ROOT)).append("\",\"from\":\"")
            .append(range.from()).append("\",\"to\":\"").append(range.to()).append("\",\"rows\":[");
        for (int i = 0; i < rows.size(); i++)
        {
            json.append(i == 0 ? "" : ",");
            jsonRow(json, rows.get(i));
        }
        json.append("],\"total\":");
        jsonRow(json, total);
        out.println(json.append('}'));
    }

    private void jsonRow(final StringBuilder json, final MarginRow row)
    {
        json.append("{\"key\":").append(CsvText.jsonString(row.key())).append(",\"calls\":").append(row.calls())
            .append(",\"attempts\":").append(row.attempts()).append(",\"answered\":").append(row.answered())
            .append(",\"asr_percent\":").append(number(row.asrPercent(by == GroupBy.VENDOR)))
            .append(",\"acd_s\":").append(number(row.acdSeconds()))
            .append(",\"minutes\":").append(number(row.minutes()))
            .append(",\"billed_minutes\":").append(number(row.billedMinutes()))
            .append(",\"revenue\":\"");
        Money.appendTo(json, row.revenueMicros()).append("\",\"cost\":\"");
        Money.appendTo(json, row.costMicros()).append("\",\"margin\":\"");
        Money.appendTo(json, row.marginMicros()).append("\",\"margin_percent\":").append(number(row.marginPercent()))
            .append('}');
    }

    private static String plain(final BigDecimal value)
    {
        return value == null ? "" : value.toPlainString();
    }

    private static String number(final BigDecimal value)
    {
        return value == null ? "null" : value.toPlainString();
    }
}
