package io.softswitch.ratedeck;

import java.util.List;
import java.util.Locale;

/**
 * A field of a rate deck row that a {@link ColumnMapping} can take from a CSV column.
 *
 * <p>Each field has the key used in a custom mapping ({@code rate=3}) and the header names the
 * {@code generic} preset recognises, compared after lower-casing and dropping everything but
 * letters and digits ({@code "Rate/Min"} matches {@code ratemin}).
 */
public enum DeckField
{
    /** Dial code: leading E.164 digits (a leading {@code +} is dropped). Required. */
    PREFIX("prefix", List.of("prefix", "code", "dialcode", "dialingcode", "destinationcode", "prefixcode")),
    /** Destination name. Optional: empty when absent. */
    DESTINATION("destination", List.of("destination", "destinationname", "description", "name", "country")),
    /** Price of one minute. Required. */
    RATE("rate", List.of("rate", "rateperminute", "ratemin", "price", "priceperminute", "cost")),
    /** First instant the row applies: an ISO date (UTC midnight) or date-time. Optional: the version's time. */
    EFFECTIVE_FROM("effective_from", List.of("effectivefrom", "effective", "effectivedate", "startdate", "validfrom",
        "from")),
    /** Instant the row stops applying (exclusive). Optional: open-ended. */
    EFFECTIVE_UNTIL("effective_until", List.of("effectiveuntil", "enddate", "end", "expiry", "expires", "validuntil",
        "validto", "until")),
    /** Charged once per answered call. Optional: zero. */
    CONNECT_FEE("connect_fee", List.of("connectfee", "connectionfee", "setupfee", "connectcharge")),
    /** Both billing increments in one column, {@code first/next} as in {@code 60/60}, {@code 30/6}, {@code 1/1}. */
    INCREMENTS("increments", List.of("increments", "increment", "billingincrement", "billingincrements", "billing",
        "interval")),
    /** First billing block, seconds. Optional: 60 (or from {@link #INCREMENTS}). */
    FIRST_INCREMENT("first_increment", List.of("firstincrement", "initialincrement", "first", "initial")),
    /** Each following billing block, seconds. Optional: 60 (or from {@link #INCREMENTS}). */
    NEXT_INCREMENT("next_increment", List.of("nextincrement", "subsequentincrement", "next", "subsequent")),
    /** Shortest billed duration, seconds. Optional: zero. */
    MINIMUM_DURATION("minimum_duration", List.of("minimumduration", "minduration", "minimumtime", "minimum"));

    private static final DeckField[] VALUES = values();

    private final String key;
    private final List<String> headerNames;

    DeckField(final String key, final List<String> headerNames)
    {
        this.key = key;
        this.headerNames = headerNames;
    }

    /**
     * The key of this field in a custom mapping.
     *
     * @return e.g. {@code "effective_from"}.
     */
    public String key()
    {
        return key;
    }

    /**
     * Whether every row must have this field.
     *
     * @return true for the prefix and the rate.
     */
    public boolean required()
    {
        return this == PREFIX || this == RATE;
    }

    /**
     * The field a custom mapping key names.
     *
     * @param key the key, case-insensitive.
     * @return the field, or {@code null} when no field has that key.
     */
    public static DeckField byKey(final String key)
    {
        final String wanted = key.trim().toLowerCase(Locale.ROOT);
        for (final DeckField field : VALUES)
        {
            if (field.key.equals(wanted))
            {
                return field;
            }
        }
        return null;
    }

    /**
     * The field a header cell names, as the {@code generic} preset reads headers.
     *
     * @param header the header cell.
     * @return the field, or {@code null} when the header names none.
     */
    public static DeckField byHeader(final String header)
    {
        final String wanted = normaliseHeader(header);
        for (final DeckField field : VALUES)
        {
            if (field.headerNames.contains(wanted))
            {
                return field;
            }
        }
        return null;
    }

    /**
     * Lower-cases a header cell and keeps only its letters and digits.
     *
     * @param header the header cell.
     * @return the normalised name.
     */
    static String normaliseHeader(final String header)
    {
        final StringBuilder out = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++)
        {
            final char c = Character.toLowerCase(header.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                out.append(c);
            }
        }
        return out.toString();
    }
}
