package io.softswitch.cdr;

/**
 * Who ended a call, as the journal stores it (one byte, the ordinal: append values, never
 * reorder).
 */
public enum CallParty
{
    /** Not known (a record filled without it). */
    UNKNOWN,
    /** The customer (originating carrier) hung up or cancelled. */
    CUSTOMER,
    /** The vendor (terminating carrier) hung up or refused. */
    VENDOR,
    /** The switch ended it (limit, timer, media timeout, shutdown, no route). */
    SWITCH;

    private static final CallParty[] VALUES = values();

    /**
     * The party of a stored code.
     *
     * @param code the stored ordinal.
     * @return the party, {@link #UNKNOWN} for a code this version does not know.
     */
    public static CallParty fromCode(final int code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[code] : UNKNOWN;
    }
}
