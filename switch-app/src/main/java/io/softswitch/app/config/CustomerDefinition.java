package io.softswitch.app.config;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.signaling.trunk.CustomerTrunk;

/**
 * One customer trunk as provisioned: the signaling trunk and its routing policy.
 *
 * @param trunk   the trunk.
 * @param routing its routing policy (ordering, margins, attempts, vendor preferences).
 */
public record CustomerDefinition(CustomerTrunk trunk, CustomerRouting routing)
{
}
