package io.softswitch.app.config;

import java.io.Serial;

/**
 * A configuration file the switch refuses to start with: where it is wrong and why.
 *
 * <p>The message reads {@code file:line:column: reason}, the form editors and CI logs link to.
 */
public final class ConfigException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * Creates the error.
     *
     * @param source the file name as given to the reader.
     * @param line   1-based line of the offending text; 0 when the error is about the whole file.
     * @param column 1-based column; 0 when the error is about the whole file.
     * @param reason what is wrong, in a few words.
     */
    public ConfigException(final String source, final int line, final int column, final String reason)
    {
        super(line > 0 ? source + ":" + line + ":" + column + ": " + reason : source + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /**
     * The file name as given to the reader.
     *
     * @return the name.
     */
    public String source()
    {
        return source;
    }

    /**
     * The 1-based line of the offending text, or 0 for the whole file.
     *
     * @return the line.
     */
    public int line()
    {
        return line;
    }

    /**
     * The 1-based column of the offending text, or 0 for the whole file.
     *
     * @return the column.
     */
    public int column()
    {
        return column;
    }

    /**
     * What is wrong, without the location.
     *
     * @return the reason.
     */
    public String reason()
    {
        return reason;
    }
}
