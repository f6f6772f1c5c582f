package io.softswitch.signaling.call;

import io.softswitch.signaling.trunk.CustomerDirectory;
import io.softswitch.signaling.trunk.CustomerTrunk;

import java.util.List;
import java.util.Map;

/**
 * One generation of the switch's trunks as the call path reads them: the customer directory, the
 * run-time state of each customer and vendor, and the vendors by engine id. Immutable; the switch
 * publishes a new generation whole (one volatile write) when trunks are provisioned, so a loop
 * that reads the directory of one generation finds its customers and vendors in the same one.
 *
 * @param directory     matches an INVITE's source and number to a customer trunk.
 * @param customerTrunks the customer trunks, in configuration order.
 * @param customers     run-time state of each customer trunk of the directory.
 * @param vendors       every vendor, in configuration order.
 * @param vendorsById   vendors by engine id; null where an id is unknown to the switch or retired.
 */
record TrunkTables(CustomerDirectory directory, List<CustomerTrunk> customerTrunks,
    Map<CustomerTrunk, Customer> customers, Vendor[] vendors, Vendor[] vendorsById)
{
    /**
     * The vendor an engine answer names.
     *
     * @param id the engine's vendor id.
     * @return the vendor, or null when the id is not (or no longer) one of this switch's.
     */
    Vendor vendor(final int id)
    {
        return id >= 0 && id < vendorsById.length ? vendorsById[id] : null;
    }
}
