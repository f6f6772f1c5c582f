package io.softswitch.app.config;

import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.DeckStore;
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
 * @param trunkDefinitions the file's trunk items as text: what seeds the trunk table of a new switch.
 * @param maxRatePerMinuteMicros highest rate per minute a deck import accepts (seed decks and the
 *                  admin API), micro-units: {@code deck-import.max-rate-per-minute}.
 * @param cdr       the CDR journal and billing.
 * @param media     media anchoring: the relay and the trunks' anchor/bypass and codec policy.
 */
public record SoftswitchConfig(SwitchConfig signaling, AdminListen admin, RoutingSettings routing,
    DatabaseSettings database, List<DeckSeed> decks, TrunkDefinitions trunkDefinitions, long maxRatePerMinuteMicros,
    CdrSettings cdr, MediaSettings media)
{
    /**
     * Copies the deck list.
     */
    public SoftswitchConfig
    {
        decks = List.copyOf(decks);
    }

    /**
     * A configuration with the default ceiling on imported rates
     * ({@link DeckStore#DEFAULT_MAX_RATE_PER_MINUTE_MICROS}) and the default CDR settings for its
     * database, and no media anchoring (no {@code media:} section).
     *
     * @param signaling the SIP side.
     * @param admin     the admin server.
     * @param routing   the LCR policy.
     * @param database  the rate deck database.
     * @param decks     the seed decks.
     * @param trunkDefinitions the trunk items as text.
     */
    public SoftswitchConfig(final SwitchConfig signaling, final AdminListen admin, final RoutingSettings routing,
        final DatabaseSettings database, final List<DeckSeed> decks, final TrunkDefinitions trunkDefinitions)
    {
        this(signaling, admin, routing, database, decks, trunkDefinitions, DeckStore.DEFAULT_MAX_RATE_PER_MINUTE_MICROS,
            CdrSettings.defaults(database), MediaSettings.DISABLED);
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
                signaling.vendors(),
                signaling.tcp(),
                signaling.overload(),
                signaling.wakeCoalescingNs()),
            admin, routing, database, decks, trunkDefinitions, maxRatePerMinuteMicros, cdr, media);
    }

    /**
     * The same configuration with the admin server on another port.
     *
     * @param port the port, 0 for a free one, -1 to disable the server.
     * @return the changed configuration.
     */
    public SoftswitchConfig withAdminPort(final int port)
    {
        return new SoftswitchConfig(signaling, admin.withPort(port), routing, database, decks, trunkDefinitions,
            maxRatePerMinuteMicros, cdr, media);
    }

    /**
     * The same configuration with another database.
     *
     * @param other the database settings.
     * @return the changed configuration.
     */
    public SoftswitchConfig withDatabase(final DatabaseSettings other)
    {
        // A journal left at its default follows the database (data/postgres -> data/cdr).
        final CdrSettings moved = cdr.equals(CdrSettings.defaults(database)) ? CdrSettings.defaults(other) : cdr;
        return new SoftswitchConfig(signaling, admin, routing, other, decks, trunkDefinitions, maxRatePerMinuteMicros,
            moved, media);
    }

    /**
     * The same configuration with other CDR settings.
     *
     * @param other the CDR settings.
     * @return the changed configuration.
     */
    public SoftswitchConfig withCdr(final CdrSettings other)
    {
        return new SoftswitchConfig(signaling, admin, routing, database, decks, trunkDefinitions, maxRatePerMinuteMicros,
            other, media);
    }
}
