package io.softswitch.app;

import java.time.Instant;

/**
 * One NOC route block in force: a vendor for every number, a prefix for every vendor, or one
 * vendor for the numbers that start with one prefix. Also the shape of each element of
 * {@code GET /api/blocks}.
 *
 * @param vendor    vendor trunk name, or {@code null} for every vendor.
 * @param prefix    leading digits of the number, or {@code null} for every number.
 * @param reason    why it was set, as the operator gave it, or {@code null}.
 * @param createdAt when it was set.
 */
public record RouteBlock(String vendor, String prefix, String reason, Instant createdAt)
{
    /**
     * Validates that the block names a vendor, a prefix, or both.
     */
    public RouteBlock
    {
        if (vendor == null && prefix == null)
        {
            throw new IllegalArgumentException("vendor or prefix required");
        }
    }
}
