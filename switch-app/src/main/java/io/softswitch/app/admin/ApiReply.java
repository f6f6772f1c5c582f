package io.softswitch.app.admin;

/**
 * An admin API answer: HTTP status and JSON body.
 *
 * @param status the HTTP status.
 * @param json   the body.
 */
public record ApiReply(int status, String json)
{
    /**
     * A 400 answer with a terse reason.
     *
     * @param reason what was wrong, as {@code key=value} text.
     * @return the reply.
     */
    public static ApiReply badRequest(final String reason)
    {
        return new ApiReply(400, "{\"error\":" + Json.string(reason) + "}");
    }
}
