package io.softswitch.app.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * An admin API answer: HTTP status and the value the server writes as the JSON body
 * ({@link AdminJson}).
 *
 * @param status the HTTP status.
 * @param body   the body: a record, list or map.
 */
public record ApiReply(int status, Object body)
{
    /**
     * A body sent as it is rather than as JSON (the Prometheus text format of {@code /metrics}).
     *
     * @param contentType its media type.
     * @param bytes       its bytes.
     */
    public record Raw(String contentType, byte[] bytes)
    {
    }

    /**
     * A body written while it is sent, in HTTP chunks, by the worker that ran the route: for
     * answers too big to hold in memory (a month's CDR export). Everything that can refuse the
     * request (bad parameters, unknown trunk) is checked before the reply is made, because the
     * status is sent before the first byte; a failure mid-body closes the connection without the
     * last chunk, so the client sees a truncated answer, never a short one that looks complete.
     *
     * @param contentType its media type.
     * @param writer      writes the body.
     */
    public record Streamed(String contentType, BodyWriter writer)
    {
    }

    /**
     * Writes a streamed body.
     */
    @FunctionalInterface
    public interface BodyWriter
    {
        /**
         * Writes the whole body; the stream blocks while the client is slower than the writer.
         *
         * @param out the body; flushing it sends what is buffered.
         * @throws IOException when the client went away or the body cannot be produced.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A 200 answer.
     *
     * @param body the body.
     * @return the reply.
     */
    public static ApiReply ok(final Object body)
    {
        return new ApiReply(200, body);
    }

    /**
     * An answer with an {@code {"error": reason}} body.
     *
     * @param status the HTTP status.
     * @param reason what was wrong, as {@code key=value} text.
     * @return the reply.
     */
    public static ApiReply error(final int status, final String reason)
    {
        return new ApiReply(status, Map.of("error", reason));
    }

    /**
     * A 404 answer: the thing the request names does not exist.
     *
     * @param reason what was not found, as {@code key=value} text.
     * @return the reply.
     */
    public static ApiReply notFound(final String reason)
    {
        return error(404, reason);
    }

    /**
     * A 400 answer with a terse reason.
     *
     * @param reason what was wrong, as {@code key=value} text.
     * @return the reply.
     */
    public static ApiReply badRequest(final String reason)
    {
        return error(400, reason);
    }
}
