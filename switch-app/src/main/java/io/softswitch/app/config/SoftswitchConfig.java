package io.softswitch.app.config;

import io.softswitch.lcr.RoutingSettings;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SwitchConfig;

import java.util.List;

/**
 * Everything one switch process runs from: the signaling configuration, the admin server, the
 * routing policy, the rate deck database and the decks to seed it with.
 *
 * @param signaling the SIP side: listen addresses, limits, timers, trunks.
 * @param admin     where the admin HTTP server listens.
 * @param routing   the LCR policy: per-customer ordering, margins, attempts; quality thresholds.
 * @param database  where rate decks are stored.
 * @param decks     deck files imported at start for trunks that have no deck yet.
 * @param media     media anchoring: the relay and the trunks' anchor/bypass and codec policy.
 */
public record SoftswitchConfig(SwitchConfig signaling, AdminListen admin, RoutingSettings routing,
    DatabaseSettings database, List<DeckSeed> decks, MediaSettings media)
{
    /**
     * Copies the deck list.
     */
    public SoftswitchConfig
    {
        decks = List.copyOf(decks);
    }

    /**
     * A configuration without media anchoring (no {@code media:} section).
     *
     * @param signaling the SIP side.
     * @param admin     the admin server.
     * @param routing   the LCR policy.
     * @param database  the rate deck database.
     * @param decks     seed decks.
     */
    public SoftswitchConfig(final SwitchConfig signaling, final AdminListen admin, final RoutingSettings routing,
        final DatabaseSettings database, final List<DeckSeed> decks)
    {
        this(signaling, admin, routing, database, decks, MediaSettings.DISABLED);
    }

    /**
     * The same configuration with both SIP ports (UDP and TCP) moved to one port; a transport
     * disabled in the file stays disabled.
     *
     * @param port the port, 0 for a free one.
     * @return the changed configuration.
     */
    public SoftswitchConfig withSipPort(final int port)
    {
        final SipListen listen = signaling.listen();
        final SipListen moved = new SipListen(
            listen.host(),
            listen.udpPort() < 0 ? -1 : port,
            listen.tcpPort() < 0 ? -1 : port,
            listen.advertisedHost());
        return new SoftswitchConfig(
            new SwitchConfig(
                moved,
                signaling.limits(),
                signaling.timers(),
                signaling.customers(),
                signaling.vendors()),
            admin, routing, database, decks, media);
    }

    /**
     * The same configuration with the admin server on another port.
     *
     * @param port the port, 0 for a free one, -1 to disable the server.
     * @return the changed configuration.
     */
    public SoftswitchConfig withAdminPort(final int port)
    {
        return new SoftswitchConfig(signaling, new AdminListen(admin.host(), port), routing, database, decks, media);
    }

    /**
     * The same configuration with another database.
     *
     * @param other the database settings.
     * @return the changed configuration.
     */
    public SoftswitchConfig withDatabase(final DatabaseSettings other)
    {
        return new SoftswitchConfig(signaling, admin, routing, other, decks, media);
    }
}
