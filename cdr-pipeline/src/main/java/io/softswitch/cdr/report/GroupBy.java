package io.softswitch.cdr.report;

import java.util.Locale;

/**
 * What a margin report's rows are: one per customer, vendor, destination, day or hour (UTC).
 */
public enum GroupBy
{
    /** One row per customer trunk. */
    CUSTOMER("customer_id", 0),
    /** One row per vendor trunk (the answered vendor, else the last tried; {@code -} for unrouted calls). */
    VENDOR("vendor_id", 1),
    /** One row per destination (the customer's sell rate's name). */
    DESTINATION("destination_id", 2),
    /** One row per day, UTC. */
    DAY("to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD')", -1),
    /** One row per hour, UTC. */
    HOUR("to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24\":00Z\"')", -1);

    private final String column;
    private final int dimension;

    GroupBy(final String column, final int dimension)
    {
        this.column = column;
        this.dimension = dimension;
    }

    /**
     * The dimension of {@code cdr_daily_sums} that holds this grouping's keys (migration V8_7).
     *
     * @return the dimension, -1 for day and hour (read from {@code cdr_hourly_total}).
     */
    int dimension()
    {
        return dimension;
    }

    /**
     * The SQL expression of the row key: for a trunk or destination the id column of
     * {@code cdr_hourly_sums} (its name is in {@code cdr_name}), for day and hour over
     * {@code cdr_hourly_total}.
     *
     * @return the expression.
     */
    String column()
    {
        return column;
    }

    /**
     * Parses a command-line or query value.
     *
     * @param text e.g. {@code customer}.
     * @return the grouping.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static GroupBy parse(final String text)
    {
        try
        {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException | NullPointerException ex)
        {
            throw new IllegalArgumentException("bad grouping: by=" + text + " (customer, vendor, destination, day, hour)");
        }
    }
}
