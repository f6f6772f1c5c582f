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
        String number = dialled.toString();
        final boolean plus = number.startsWith("+");
        if (plus)
        {
            number = number.substring(1);
        }
        if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            return null;
        }
        if (plus)
        {
            return number;
        }
        if (!stripPrefix.isEmpty() && number.startsWith(stripPrefix))
        {
            number = number.substring(stripPrefix.length());
        }
        if (!internationalPrefix.isEmpty() && number.startsWith(internationalPrefix))
        {
            number = number.substring(internationalPrefix.length());
        }
        else if (!nationalPrefix.isEmpty() && number.startsWith(nationalPrefix))
        {
            number = countryCode + number.substring(nationalPrefix.length());
        }
        return number.isEmpty() ? null : addPrefix + number;
    }

    private static void requireDigits(final String name, final String value)
    {
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new IllegalArgumentException(name + " must be digits: " + value);
        }
    }
}
