package io.softswitch.cdr.report;

import java.util.Locale;

/**
 * What a margin report's rows are: one per customer, vendor, destination, day or hour (UTC).
 */
public enum GroupBy
{
    /** One row per customer trunk. */
    CUSTOMER("customer_trunk"),
    /** One row per vendor trunk (the answered vendor, else the last tried; {@code -} for unrouted calls). */
    VENDOR("vendor_trunk"),
    /** One row per destination (the customer's sell rate's name). */
    DESTINATION("destination"),
    /** One row per day, UTC. */
    DAY("to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
    /** One row per hour, UTC. */
    HOUR("to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24\":00Z\"')");

    private final String column;

    GroupBy(final String column)
    {
        this.column = column;
    }

    /**
     * The SQL expression of the row key over {@code cdr_hourly}.
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
