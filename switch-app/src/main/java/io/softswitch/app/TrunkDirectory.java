package io.softswitch.app;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.HashMap;
import java.util.Map;

/**
 * Which trunks exist now, and on which side: what the admin API checks a trunk or vendor name
 * against before it changes anything. Answers from memory (it is asked on the admin server's I/O
 * thread).
 */
@FunctionalInterface
public interface TrunkDirectory
{
    /**
     * The side a trunk is on.
     *
     * @param trunk the trunk name.
     * @return {@link DeckDirection#CUSTOMER} or {@link DeckDirection#VENDOR}, or {@code null} when no trunk has that name.
     */
    DeckDirection sideOf(String trunk);

    /**
     * The trunks of a fixed configuration.
     *
     * @param config the configuration.
     * @return the directory.
     */
    static TrunkDirectory of(final SwitchConfig config)
    {
        final Map<String, DeckDirection> sides = new HashMap<>();
        for (final CustomerTrunk customer : config.customers())
        {
            sides.put(customer.name(), DeckDirection.CUSTOMER);
        }
        for (final VendorTrunk vendor : config.vendors())
        {
            sides.put(vendor.name(), DeckDirection.VENDOR);
        }
        final Map<String, DeckDirection> fixed = Map.copyOf(sides);
        return fixed::get;
    }
}
