package io.softswitch.ratedeck;

/**
 * Why a rate deck row (or the file's column mapping) was refused.
 */
public enum RowProblem
{
    /** The prefix is not 1 to 15 digits. */
    BAD_PREFIX,
    /** The rate per minute is below zero. */
    NEGATIVE_RATE,
    /** The connect fee is below zero. */
    NEGATIVE_CONNECT_FEE,
    /** A money amount has a non-zero digit past the sixth decimal place: refused, never rounded. */
    TOO_MANY_DECIMALS,
    /** A money amount is not a plain decimal number, or out of range. */
    BAD_NUMBER,
    /** A date is not an ISO-8601 date or date-time. */
    BAD_DATE,
    /** Billing increments are not whole seconds of at least one ({@code 60/60}, {@code 30/6}). */
    BAD_INCREMENT,
    /** The minimum duration is not a whole number of seconds, zero or more. */
    BAD_MINIMUM_DURATION,
    /** The prefix already appears on an earlier line with the same effective time. */
    DUPLICATE_PREFIX,
    /** The end date is not after the effective date. */
    END_BEFORE_START,
    /** The row ends before the version takes effect: it would never apply. */
    ALREADY_ENDED,
    /** A required field (prefix, rate) is empty or its column is missing from the row. */
    MISSING_FIELD,
    /** The mapping names a column the file's header does not have, or the header has a column no field matches. */
    UNKNOWN_COLUMN,
    /** The mapping gives no column for a required field. */
    UNMAPPED_REQUIRED_FIELD,
    /** A field is longer than {@code DeckCsvReader.MAX_FIELD_CHARS} characters. */
    FIELD_TOO_LONG,
    /** A field holds bytes that are not UTF-8, or a control character. */
    BAD_TEXT,
    /** The file holds no rate rows: it is empty, or a header alone. */
    NO_ROWS,
    /** A replace would remove more of the deck's live prefixes than allowed without confirmation. */
    REMOVALS_UNCONFIRMED
}
