package io.softswitch.ratedeck;

/**
 * Fixed-point money: a {@code long} of micro-units (1e-6 of the deck's currency), parsed from and
 * formatted to decimal text without ever going through a {@code double}.
 *
 * <p>Parsing never rounds: a value with more than {@link #SCALE} decimal places is refused unless
 * every place past the sixth is a zero (then nothing is lost). The range is that of PostgreSQL's
 * {@code NUMERIC(18,6)}: at most twelve integer digits.
 */
public final class Money
{
    /** Decimal places kept: micro-units. */
    public static final int SCALE = 6;

    /** Micro-units in one unit of currency. */
    public static final long MICROS_PER_UNIT = 1_000_000L;

    /** Largest magnitude that fits {@code NUMERIC(18,6)}: 999,999,999,999.999999. */
    public static final long MAX_MICROS = 999_999_999_999_999_999L;

    private static final int MAX_INTEGER_DIGITS = 12;

    private Money()
    {
    }

    /**
     * Why a text is not a money amount.
     */
    public enum Fault
    {
        /** Empty, or not a plain decimal number (signs, digits, one decimal mark). */
        NOT_A_NUMBER,
        /** A non-zero digit past the sixth decimal place: refused rather than rounded. */
        TOO_MANY_DECIMALS,
        /** More than twelve integer digits: does not fit {@code NUMERIC(18,6)}. */
        OUT_OF_RANGE
    }

    /**
     * Thrown when a text is not a money amount; says which rule it broke.
     */
    public static final class MoneyFormatException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        private final Fault fault;

        /**
         * Creates the exception.
         *
         * @param fault the rule broken.
         * @param text  the text refused.
         */
        public MoneyFormatException(final Fault fault, final CharSequence text)
        {
            super("not money: fault=" + fault + " text=" + text);
            this.fault = fault;
        }

        /**
         * The rule the text broke.
         *
         * @return the fault.
         */
        public Fault fault()
        {
            return fault;
        }
    }

    /**
     * Parses a decimal amount into micro-units, exactly.
     *
     * <p>Accepts an optional sign, digits, and one decimal mark ({@code .} or {@code ,}, as
     * semicolon-separated decks often use a decimal comma); no thousands separators, no exponent.
     *
     * @param text the amount, e.g. {@code "0.012345"}, {@code "-1"}, {@code ",5"}.
     * @return the amount in micro-units.
     * @throws MoneyFormatException when the text is not an exact amount in range.
     */
    public static long parseMicros(final CharSequence text)
    {
        final int length = text.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+'))
        {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        long units = 0;
        int integerDigits = 0;
        int fractionDigits = 0;
        long fraction = 0;
        boolean seenMark = false;
        boolean excessNonZero = false;
        int digits = 0;
        for (; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9')
            {
                digits++;
                if (!seenMark)
                {
                    if (integerDigits > 0 || c != '0')
                    {
                        integerDigits++;
                    }
                    if (integerDigits > MAX_INTEGER_DIGITS)
                    {
                        throw new MoneyFormatException(Fault.OUT_OF_RANGE, text);
                    }
                    units = units * 10 + (c - '0');
                }
                else if (fractionDigits < SCALE)
                {
                    fraction = fraction * 10 + (c - '0');
                    fractionDigits++;
                }
                else if (c != '0')
                {
                    // Keep scanning so that a malformed tail still reports NOT_A_NUMBER first.
                    excessNonZero = true;
                }
            }
            else if ((c == '.' || c == ',') && !seenMark)
            {
                seenMark = true;
            }
            else
            {
                throw new MoneyFormatException(Fault.NOT_A_NUMBER, text);
            }
        }
        if (digits == 0)
        {
            throw new MoneyFormatException(Fault.NOT_A_NUMBER, text);
        }
        if (excessNonZero)
        {
            throw new MoneyFormatException(Fault.TOO_MANY_DECIMALS, text);
        }
        for (int pad = fractionDigits; pad < SCALE; pad++)
        {
            fraction *= 10;
        }
        final long micros = units * MICROS_PER_UNIT + fraction;
        return negative ? -micros : micros;
    }

    /**
     * Formats micro-units as a plain decimal with exactly six places, e.g. {@code 12300} as
     * {@code "0.012300"}: the form PostgreSQL's {@code NUMERIC(18,6)} reads and prints.
     *
     * @param micros the amount.
     * @return the decimal text.
     */
    public static String format(final long micros)
    {
        final StringBuilder out = new StringBuilder(24);
        appendTo(out, micros);
        return out.toString();
    }

    /**
     * Appends micro-units as a plain decimal with exactly six places.
     *
     * @param out    where to append.
     * @param micros the amount.
     * @return {@code out}.
     */
    public static StringBuilder appendTo(final StringBuilder out, final long micros)
    {
        if (micros == Long.MIN_VALUE)
        {
            throw new IllegalArgumentException("out of range: micros=" + micros);
        }
        final long magnitude = Math.abs(micros);
        if (micros < 0)
        {
            out.append('-');
        }
        out.append(magnitude / MICROS_PER_UNIT).append('.');
        final long fraction = magnitude % MICROS_PER_UNIT;
        for (long scale = MICROS_PER_UNIT / 10; scale > 0; scale /= 10)
        {
            out.append((char)('0' + (fraction / scale) % 10));
        }
        return out;
    }
}
