package io.softswitch.app.admin;

/**
 * The rules every text field of the admin API obeys, in a query parameter or a JSON body: at most
 * a given number of characters, valid UTF-8 (a decoder's replacement character U+FFFD is taken
 * as the mark of bytes that were not), and no control characters (U+0000 to U+001F, U+007F to
 * U+009F). A refusal names the field and the 1-based column of the first bad character.
 */
public final class TextField
{
    /** Longest query parameter value. */
    public static final int MAX_PARAM_CHARS = 1_024;

    private TextField()
    {
    }

    /**
     * What is wrong with a text value.
     *
     * @param field    the field's name, for the message.
     * @param value    the value; {@code null} passes.
     * @param maxChars the most characters (UTF-16 code units) allowed.
     * @return {@code null} when the value is fine, else the reason as {@code key=value} text.
     */
    public static String problem(final String field, final String value, final int maxChars)
    {
        if (value == null)
        {
            return null;
        }
        if (value.length() > maxChars)
        {
            return "field too long: field=" + field + " length=" + value.length() + " max=" + maxChars;
        }
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '\uFFFD')
            {
                return "not valid UTF-8: field=" + field + " column=" + (i + 1);
            }
            if (Character.isISOControl(c))
            {
                return "control character: field=" + field + " column=" + (i + 1) +
                    " char=U+" + String.format("%04X", (int)c);
            }
            if (Character.isSurrogate(c) &&
                !(Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) &&
                !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1))))
            {
                return "not valid UTF-8: field=" + field + " column=" + (i + 1);
            }
        }
        return null;
    }
}
