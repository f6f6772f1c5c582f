package io.softswitch.ratedeck.internal;

import java.time.Instant;

/**
 * Builds lines of PostgreSQL's COPY text format: tab-separated, {@code \N} for null, backslash
 * escapes for the characters the format reserves (PostgreSQL manual, "COPY", File Formats: Text).
 * One builder is reused for every line.
 */
final class CopyText
{
    /** The COPY text format's null. */
    static final String NULL = "\\N";

    private final StringBuilder line = new StringBuilder(256);
    private Instant lastInstant;
    private String lastInstantText;

    /**
     * Starts a new line.
     *
     * @return the emptied builder.
     */
    StringBuilder line()
    {
        line.setLength(0);
        return line;
    }

    /**
     * Appends a text value, escaping backslash, tab, newline and carriage return.
     *
     * @param value the text.
     * @return the line.
     */
    StringBuilder appendEscaped(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
        return line;
    }

    /**
     * Appends an instant in ISO-8601 UTC, which {@code timestamptz} reads, or the null marker.
     *
     * @param instant the instant, or {@code null}.
     * @return the line.
     */
    StringBuilder appendInstant(final Instant instant)
    {
        if (instant == null)
        {
            return line.append(NULL);
        }
        // Most rows of a deck share one instant: format it once.
        if (!instant.equals(lastInstant))
        {
            lastInstant = instant;
            lastInstantText = instant.toString();
        }
        return line.append(lastInstantText);
    }
}
