package io.softswitch.app.admin;

/**
 * What {@code POST} and {@code DELETE /api/blocks} ask for: from the JSON body
 * ({@code {"vendor":"v","prefix":"44","reason":"fraud"}}) or, without a body, from the query
 * parameters of the same names. An empty vendor or prefix is read as absent.
 *
 * @param vendor vendor trunk name, or {@code null} for every vendor.
 * @param prefix leading digits of the number, or {@code null} for every number.
 * @param reason why, kept with the block; {@code null} when not given (ignored when lifting).
 */
public record BlockRequest(String vendor, String prefix, String reason)
{
    /**
     * Reads empty text as absent.
     */
    public BlockRequest
    {
        vendor = vendor == null || vendor.isEmpty() ? null : vendor;
        prefix = prefix == null || prefix.isEmpty() ? null : prefix;
        reason = reason == null || reason.isBlank() ? null : reason;
    }
}
