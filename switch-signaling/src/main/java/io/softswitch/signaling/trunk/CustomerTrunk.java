package io.softswitch.signaling.trunk;

import java.util.List;
import java.util.Objects;

/**
 * A carrier that sends us calls: recognised by source address (and tech prefix when several
 * customers share addresses), with its number rules, limits and failover policy.
 *
 * @param name            unique trunk name; used in metrics tags and CDRs.
 * @param sources         the address blocks calls may come from.
 * @param techPrefix      digits (and {@code #}/{@code *}) the customer puts before the number to
 *                        select this trunk; stripped before number rules; empty when unused.
 * @param numberRules     how dialled numbers become E.164.
 * @param cpsLimit        new calls per second accepted; above it 503 with Retry-After.
 * @param concurrentLimit calls in progress at once; above it 503 with Retry-After.
 * @param failover        when to try the next vendor.
 * @param callTimers      maximum duration and session timers of its calls.
 */
public record CustomerTrunk(
    String name,
    List<AddressRange> sources,
    String techPrefix,
    NumberRules numberRules,
    int cpsLimit,
    int concurrentLimit,
    FailoverPolicy failover,
    CallTimerPolicy callTimers)
{
    /**
     * A trunk with the default call timers (4 h, RFC 4028 defaults).
     *
     * @param name            unique trunk name.
     * @param sources         the address blocks calls may come from.
     * @param techPrefix      digits selecting this trunk on a shared address; empty when unused.
     * @param numberRules     how dialled numbers become E.164.
     * @param cpsLimit        new calls per second accepted.
     * @param concurrentLimit calls in progress at once.
     * @param failover        when to try the next vendor.
     */
    public CustomerTrunk(final String name, final List<AddressRange> sources, final String techPrefix,
        final NumberRules numberRules, final int cpsLimit, final int concurrentLimit, final FailoverPolicy failover)
    {
        this(name, sources, techPrefix, numberRules, cpsLimit, concurrentLimit, failover, CallTimerPolicy.DEFAULTS);
    }

    /**
     * Validates the trunk.
     */
    public CustomerTrunk
    {
        TrunkNames.requireValid(name);
        sources = List.copyOf(sources);
        Objects.requireNonNull(callTimers, "callTimers");
        if (sources.isEmpty())
        {
            throw new IllegalArgumentException("customer trunk needs at least one source: name=" + name);
        }
        if (!techPrefix.chars().allMatch(c -> c == '#' || c == '*' || (c >= '0' && c <= '9')))
        {
            throw new IllegalArgumentException("tech prefix must be digits, # or *: techPrefix=" + techPrefix);
        }
        if (cpsLimit < 1 || concurrentLimit < 1)
        {
            throw new IllegalArgumentException(
                "limits must be positive: cpsLimit=" + cpsLimit + " concurrentLimit=" + concurrentLimit);
        }
    }
}
