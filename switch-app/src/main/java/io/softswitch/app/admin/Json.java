package io.softswitch.app.admin;

/**
 * JSON string quoting for the admin API's hand-built documents.
 */
public final class Json
{
    private Json()
    {
    }

    /**
     * A JSON string literal.
     *
     * @param text the text, or null.
     * @return the quoted, escaped literal, or {@code null}.
     */
    public static String string(final String text)
    {
        if (text == null)
        {
            return "null";
        }
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
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
