package io.softswitch.app.admin;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * One admin API request as a route sees it: checked against the route's parameters and role, its
 * body read whole (a JSON body, at most {@link io.softswitch.app.config.AdminListen#MAX_JSON_BYTES}) or spooled to a
 * temporary file (a deck upload), never both.
 *
 * @param method    the HTTP method ({@code HEAD} is passed as {@code GET}).
 * @param path      the decoded path.
 * @param pathParam the last path segment of a {@code /.../{}} route, else empty.
 * @param query     the query parameters, each given once.
 * @param remote    the client's address.
 * @param role      the token's role; {@code null} for a loopback request to an open route.
 * @param tokenName the token's name, for the audit log; {@code null} when none was needed.
 * @param accept    the {@code Accept} header, empty when absent.
 * @param body      the JSON body, empty when there was none or it was spooled.
 * @param bodyFile  the spooled body, or {@code null}; deleted once the route has answered.
 */
public record AdminRequest(String method, String path, String pathParam, Map<String, String> query,
    InetSocketAddress remote, Role role, String tokenName, String accept, byte[] body, Path bodyFile)
{
    /**
     * Copies the parameters.
     */
    public AdminRequest
    {
        query = Map.copyOf(query);
    }

    /**
     * The same request with its body.
     *
     * @param json the JSON body bytes.
     * @param file the spooled body file.
     * @return the request.
     */
    AdminRequest withBody(final byte[] json, final Path file)
    {
        return new AdminRequest(method, path, pathParam, query, remote, role, tokenName, accept, json, file);
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text, empty when there was no body.
     */
    public String bodyText()
    {
        return new String(body, StandardCharsets.UTF_8);
    }
}
