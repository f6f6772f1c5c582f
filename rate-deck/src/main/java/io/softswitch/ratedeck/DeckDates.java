package io.softswitch.ratedeck;

import io.softswitch.ratedeck.internal.DeckFieldParser;

import java.time.Instant;

/**
 * The date and time forms rate decks use, for every other input that names an instant (the
 * route simulator's {@code at}, an import's effective time), so that one text means one instant
 * everywhere.
 *
 * <p>Accepted: a date ({@code 2026-03-01}, midnight UTC), a local date-time
 * ({@code 2026-03-01T14:30}, {@code 2026-03-01 14:30:05}, UTC), or a date-time with an offset or
 * {@code Z} ({@code 2026-03-01T14:30:00+02:00}). Kept to the microsecond, PostgreSQL's precision.
 */
public final class DeckDates
{
    private DeckDates()
    {
    }

    /**
     * Parses a date or date-time.
     *
     * @param text the text.
     * @return the instant, or {@code null} when the text is none of the accepted forms.
     */
    public static Instant parse(final String text)
    {
        return text == null ? null : DeckFieldParser.parseDate(text);
    }
}
