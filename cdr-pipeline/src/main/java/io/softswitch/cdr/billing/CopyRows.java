package io.softswitch.cdr.billing;

import io.softswitch.ratedeck.Money;

import java.time.Instant;

/**
 * Builds the text of a PostgreSQL {@code COPY ... FROM STDIN} (text format): tab between
 * columns, a newline after each row, {@code \N} for null, and backslash, tab, newline and
 * carriage return escaped inside values.
 */
final class CopyRows
{
    private final StringBuilder text = new StringBuilder(1 << 16);
    private boolean rowStarted;

    CopyRows text(final String value)
    {
        separator();
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    CopyRows number(final long value)
    {
        separator();
        text.append(value);
        return this;
    }

    CopyRows money(final long micros)
    {
        separator();
        Money.appendTo(text, micros);
        return this;
    }

    CopyRows bool(final boolean value)
    {
        separator();
        text.append(value ? 't' : 'f');
        return this;
    }

    /** A timestamp, or null when {@code epochMs} is 0 (the event did not happen). */
    CopyRows timeOrNull(final long epochMs)
    {
        if (epochMs == 0)
        {
            separator();
            text.append("\\N");
            return this;
        }
        return time(epochMs);
    }

    CopyRows time(final long epochMs)
    {
        separator();
        text.append(Instant.ofEpochMilli(epochMs));
        return this;
    }

    void endRow()
    {
        text.append('\n');
        rowStarted = false;
    }

    boolean isEmpty()
    {
        return text.isEmpty();
    }

    @Override
    public String toString()
    {
        return text.toString();
    }

    private void separator()
    {
        if (rowStarted)
        {
            text.append('\t');
        }
        rowStarted = true;
    }
}
