package io.softswitch.signaling.trunk;

/**
 * How a vendor trunk is watched with OPTIONS (RFC 3261 §11).
 *
 * @param enabled           whether to probe at all; an unprobed vendor is always up.
 * @param intervalMs        time between probes.
 * @param failuresToDown    consecutive unanswered probes that mark the vendor down.
 * @param successesToUp     consecutive answered probes that bring it back.
 */
public record ProbePolicy(boolean enabled, long intervalMs, int failuresToDown, int successesToUp)
{
    /** No probing. */
    public static final ProbePolicy DISABLED = new ProbePolicy(false, 30_000, 3, 1);

    /**
     * Validates the policy.
     */
    public ProbePolicy
    {
        if (intervalMs < 100 || failuresToDown < 1 || successesToUp < 1)
        {
            throw new IllegalArgumentException("bad probe policy: intervalMs=" + intervalMs +
                " failuresToDown=" + failuresToDown + " successesToUp=" + successesToUp);
        }
    }
}
