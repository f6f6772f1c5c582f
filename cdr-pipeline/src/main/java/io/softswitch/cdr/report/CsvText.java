package io.softswitch.cdr.report;

/**
 * Text escaping for the reports: RFC 4180 CSV fields and JSON strings.
 */
final class CsvText
{
    private CsvText()
    {
    }

    /**
     * A CSV field, quoted when it holds a comma, quote or line break.
     *
     * @param value the value ({@code null} is empty).
     * @return the field.
     */
    static String field(final String value)
    {
        if (value == null)
        {
            return "";
        }
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r')
            {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }

    /**
     * A JSON string literal.
     *
     * @param value the value.
     * @return the quoted, escaped string.
     */
    static String jsonString(final String value)
    {
        final StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
