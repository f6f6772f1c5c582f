package io.softswitch.app.admin;

import io.softswitch.ratedeck.DeckDirection;

/**
 * What the admin API asks of trunk provisioning: read, create or replace, and remove a customer or
 * vendor trunk, each validated as the configuration file is and applied without a restart.
 */
public interface TrunkApi
{
    /**
     * A trunk's stored definition.
     *
     * @param side customer or vendor.
     * @param name the trunk.
     * @return the definition, or 404.
     */
    ApiReply definition(DeckDirection side, String name);

    /**
     * Creates or replaces a trunk.
     *
     * @param side       customer or vendor.
     * @param name       the trunk.
     * @param definition a configuration file item as YAML or JSON.
     * @return 201 or 200 with the trunks in force, or the refusal.
     */
    ApiReply put(DeckDirection side, String name, String definition);

    /**
     * Removes a trunk.
     *
     * @param side customer or vendor.
     * @param name the trunk.
     * @return 200 with the trunks in force, or the refusal.
     */
    ApiReply remove(DeckDirection side, String name);
}
