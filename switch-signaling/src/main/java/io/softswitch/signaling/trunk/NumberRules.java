package io.softswitch.signaling.trunk;

/**
 * How a customer trunk's dialled numbers become E.164 digits: strip a leading prefix, turn a
 * national or international dialling form into E.164, then add a prefix.
 *
 * <p>Applied in this order: {@code stripPrefix} (when present), international prefix
 * ({@code 00} → nothing), national prefix ({@code 0} → {@code countryCode}), {@code addPrefix}.
 * Empty strings disable a step. A number dialled as {@code +digits} is already E.164 (RFC 3966
 * §5.1.4 global number) and only loses its {@code +}.
 *
 * @param stripPrefix         removed when the number starts with it (e.g. a carrier code).
 * @param internationalPrefix dialled before a country code (e.g. {@code 00}); removed.
 * @param nationalPrefix      dialled before a national number (e.g. {@code 0}); replaced by
 *                            {@code countryCode}.
 * @param countryCode         the trunk's country code, used with {@code nationalPrefix}.
 * @param addPrefix           prepended to the result.
 */
public record NumberRules(
    String stripPrefix,
    String internationalPrefix,
    String nationalPrefix,
    String countryCode,
    String addPrefix)
{
    /** Rules that leave numbers as they are, apart from a leading {@code +}. */
    public static final NumberRules NONE = new NumberRules("", "", "", "", "");

    /**
     * Validates that every part is digits.
     */
    public NumberRules
    {
        requireDigits("strip-prefix", stripPrefix);
        requireDigits("international-prefix", internationalPrefix);
        requireDigits("national-prefix", nationalPrefix);
        requireDigits("country-code", countryCode);
        requireDigits("add-prefix", addPrefix);
        if (!nationalPrefix.isEmpty() && countryCode.isEmpty())
        {
            throw new IllegalArgumentException("national-prefix needs country-code");
        }
    }

    /**
     * Turns a dialled user part into E.164 digits.
     *
     * @param dialled the user part after any tech prefix was removed; may start with {@code +}.
     * @return the E.164 digits, or {@code null} when the number holds anything but digits or the
     *         rules leave no digit.
     */
    public String normalize(final CharSequence dialled)
    {
        final StringBuilder into = new StringBuilder(dialled.length() + addPrefix.length() + countryCode.length());
        return normalize(dialled, into) ? into.toString() : null;
    }

    /**
     * Turns a dialled user part into E.164 digits written into a reused buffer: the call path's
     * form of {@link #normalize}, which allocates nothing once the buffer has grown.
     *
     * @param dialled the user part after any tech prefix was removed; may start with {@code +}.
     * @param into    cleared, then given the E.164 digits.
     * @return false when the number holds anything but digits or the rules leave no digit.
     */
    public boolean normalize(final CharSequence dialled, final StringBuilder into)
    {
        into.setLength(0);
        final int end = dialled.length();
        final boolean plus = end > 0 && dialled.charAt(0) == '+';
        int start = plus ? 1 : 0;
        if (start == end)
        {
            return false;
        }
        for (int i = start; i < end; i++)
        {
            final char c = dialled.charAt(i);
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        if (plus)
        {
            into.append(dialled, start, end);
            return true;
        }
        if (startsWith(dialled, start, stripPrefix))
        {
            start += stripPrefix.length();
        }
        boolean national = false;
        if (startsWith(dialled, start, internationalPrefix))
        {
            start += internationalPrefix.length();
        }
        else if (startsWith(dialled, start, nationalPrefix))
        {
            start += nationalPrefix.length();
            national = true;
        }
        if (!national && start == end)
        {
            return false;
        }
        into.append(addPrefix);
        if (national)
        {
            into.append(countryCode);
        }
        into.append(dialled, start, end);
        return true;
    }

    private static boolean startsWith(final CharSequence text, final int from, final String prefix)
    {
        final int length = prefix.length();
        if (length == 0 || text.length() - from < length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (text.charAt(from + i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static void requireDigits(final String name, final String value)
    {
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new IllegalArgumentException(name + " must be digits: " + value);
        }
    }
}
