package io.softswitch.app;

import io.softswitch.app.admin.AdminHttpServer;
import io.softswitch.app.admin.AdminMetrics;
import io.softswitch.app.cdr.CdrBilling;
import io.softswitch.app.cdr.LoopPressure;
import io.softswitch.app.cdr.CdrReportRoutes;
import io.softswitch.app.admin.AdminRouter;
import io.softswitch.app.admin.AdminRoutes;
import io.softswitch.app.admin.ApiTokenStore;
import io.softswitch.app.admin.ApiTokens;
import io.softswitch.app.admin.Drain;
import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.RateSource;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipSwitch;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.SwitchHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One running switch: the rate deck database, the LCR engine, the SIP switch, the admin HTTP
 * server and the meter registry they share.
 *
 * <p>Started whole or not at all: when a part fails to start, the parts already started are
 * closed before the error is thrown, so no port or thread is left behind.
 */
public final class Softswitch implements AutoCloseable
{
    /** Name of the admin token created at a switch's first start. */
    public static final String FIRST_TOKEN_NAME = "first-admin";

    private static final Logger LOG = LoggerFactory.getLogger(Softswitch.class);

    private final RateDecks decks;
    private final LiveRouting routing;
    private final AdminMetrics metrics;
    private final SipSwitch sipSwitch;
    private final AdminHttpServer admin;
    private final CdrBilling cdr;
    private final MediaAnchoring media;

    private Softswitch(final RateDecks decks, final LiveRouting routing, final AdminMetrics metrics,
        final SipSwitch sipSwitch, final AdminHttpServer admin, final CdrBilling cdr, final MediaAnchoring media)
    {
        this.cdr = cdr;
        this.media = media;
        this.decks = decks;
        this.routing = routing;
        this.metrics = metrics;
        this.sipSwitch = sipSwitch;
        this.admin = admin;
    }

    /**
     * Opens the rate deck database the configuration names (embedded PostgreSQL by default),
     * imports the seed decks of trunks that have none, and starts the switch routed from it.
     *
     * @param config the configuration.
     * @param env    the environment (database credentials).
     * @return the running switch.
     * @throws IllegalStateException or another unchecked exception when the database or a port
     *                               cannot be opened; nothing is left running.
     */
    public static Softswitch start(final SoftswitchConfig config, final Map<String, String> env)
    {
        final RateDecks decks = RateDecks.open(config.database(), env, Clock.systemUTC(),
            config.maxRatePerMinuteMicros());
        try
        {
            decks.seed(config.decks());
            if (decks.trunks().seedOnce(config.trunkDefinitions(), "configuration file"))
            {
                LOG.info("trunk table seeded from the configuration file: {} customers, {} vendors",
                    config.trunkDefinitions().customers().size(), config.trunkDefinitions().vendors().size());
            }
            final LiveTrunks trunks =
                LiveTrunks.fromStore(new ConfigFileReader(env), config.routing().quality(), decks.trunks());
            return start(config, decks, decks.rates(), trunks);
        }
        catch (final RuntimeException ex)
        {
            decks.close();
            throw ex;
        }
    }

    /**
     * Starts the switch routed from rates that do not come from a database (tests, tools): the
     * admin API's deck import and history answer 503, blocks are kept in memory only, and no
     * CDRs are written.
     *
     * @param config the configuration; its database and seed decks are not used.
     * @param rates  every rate in force now or later.
     * @return the running switch.
     */
    public static Softswitch start(final SoftswitchConfig config, final RateSource rates)
    {
        return start(config, null, rates, LiveTrunks.fixed(config.signaling(), config.routing()));
    }

    private static Softswitch start(final SoftswitchConfig config, final RateDecks decks, final RateSource rates,
        final LiveTrunks trunks)
    {
        final AdminMetrics metrics = new AdminMetrics();
        LiveRouting routing = null;
        SipSwitch sipSwitch = null;
        CdrBilling cdr = null;
        MediaAnchoring media = null;
        final Drain drain = new Drain();
        try
        {
            media = MediaAnchoring.start(config.media());
            final LiveTrunks.TrunkSet set = trunks.current();
            routing = LiveRouting.start(rates, trunks, decks == null ? null : decks.blocks(),
                config.signaling().wakeCoalescingNs());
            cdr = decks == null ? null : CdrBilling.start(config.cdr(), decks.dataSource(), metrics.registry(),
                new LoopPressure(metrics.registry(), config.signaling().overload()));
            final SwitchHooks withMedia = SwitchHooks.none().withMedia(media.plane())
                .withAdmissionRefusal(Drain.REFUSAL_REASON, drain::draining);
            final SwitchHooks hooks = media.addTo(cdr == null ? withMedia : cdr.addTo(withMedia), routing,
                metrics.registry());
            final SwitchConfig signaling = config.signaling();
            sipSwitch = SipSwitch.start(new SwitchConfig(signaling.listen(), signaling.limits(), signaling.timers(),
                set.customers(), set.vendors(), signaling.tcp(), signaling.overload(), signaling.wakeCoalescingNs()),
                routing.engine(),
                metrics.registry(), hooks);
            trunks.applier(applier(sipSwitch, routing));
            final AdminHttpServer admin = config.admin().enabled() ?
                startAdmin(config, decks, metrics, routing, trunks, cdr, drain) : null;
            final Softswitch softswitch = new Softswitch(decks, routing, metrics, sipSwitch, admin, cdr, media);
            softswitch.logListening(config, set);
            return softswitch;
        }
        catch (final Exception ex)
        {
            // Netty rethrows a failed bind as its checked NativeIoException without declaring it,
            // so this catches Exception, not only RuntimeException.
            if (sipSwitch != null)
            {
                sipSwitch.close();
            }
            if (cdr != null)
            {
                cdr.close();
            }
            if (routing != null)
            {
                routing.close();
            }
            if (media != null)
            {
                media.close();
            }
            metrics.close();
            if (ex instanceof RuntimeException runtime)
            {
                throw runtime;
            }
            final SipListen listen = config.signaling().listen();
            throw new IllegalStateException("cannot bind SIP: host=" + listen.host() + " udpPort=" +
                listen.udpPort() + " tcpPort=" + listen.tcpPort() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Applies a provisioned trunk set: a vendor that leaves is dropped from routing before the
     * switch forgets it, a vendor that arrives is known to the switch before routing offers it.
     */
    private static LiveTrunks.TrunkApplier applier(final SipSwitch sipSwitch, final LiveRouting routing)
    {
        return set ->
        {
            // The engine first: it numbers new trunks, and the switch takes its ids from it. A vendor
            // the engine names before the switch knows it is skipped by the hunt; a removed one is
            // no longer named by the engine when the switch drops it.
            routing.reconfigure(set.routing(), set.customers(), set.vendors());
            sipSwitch.replaceTrunks(set.customers(), set.vendors());
            LOG.info("trunks applied: {} customers, {} vendors", set.customers().size(), set.vendors().size());
        };
    }

    private static AdminHttpServer startAdmin(final SoftswitchConfig config, final RateDecks decks,
        final AdminMetrics metrics, final LiveRouting routing, final LiveTrunks trunks, final CdrBilling cdr,
        final Drain drain)
    {
        final AdminRouter router = new AdminRouter();
        AdminRoutes.addDrain(router, drain);
        AdminRoutes.addHealthAndMetrics(router, metrics, () -> CdrReportRoutes.status(cdr));
        CdrReportRoutes.add(router, decks == null ? null : decks.dataSource(), cdr);
        AdminRoutes.addRouting(router, trunks::view, routing);
        AdminRoutes.addTrunks(router, trunks);
        AdminRoutes.addDecks(router, new LiveDecks(decks == null ? null : decks.store(), routing, trunks,
            config.admin().replaceConfirmPercent()));
        final ApiTokens tokens;
        if (decks != null)
        {
            AdminRoutes.addTokens(router, decks.tokens());
            tokens = decks.tokens();
            printFirstToken(decks.tokens());
        }
        else
        {
            // Without a database there is nowhere to keep tokens: only the open routes answer.
            tokens = ApiTokens.NONE;
        }
        return AdminHttpServer.start(config.admin(), router, tokens);
    }

    /**
     * On a switch's first start no token exists yet: one admin token is created and shown once,
     * so that the API can be used at all; more are made with {@code softswitch token create}.
     */
    private static void printFirstToken(final ApiTokenStore tokens)
    {
        if (!tokens.none())
        {
            return;
        }
        final ApiTokenStore.CreatedToken first = tokens.create(FIRST_TOKEN_NAME, Role.ADMIN);
        LOG.warn("first start: created admin API token '{}' (shown once, keep it; revoke with "
            + "'softswitch token revoke --name {}'): {}", first.name(), first.name(), first.token());
    }

    /**
     * The bound SIP UDP port.
     *
     * @return the port, or -1 when UDP is disabled.
     */
    public int sipUdpPort()
    {
        return sipSwitch.udpPort();
    }

    /**
     * The bound SIP TCP port.
     *
     * @return the port, or -1 when TCP is disabled.
     */
    public int sipTcpPort()
    {
        return sipSwitch.tcpPort();
    }

    /**
     * The bound admin HTTP port.
     *
     * @return the port, or -1 when the admin server is disabled.
     */
    public int adminPort()
    {
        return admin == null ? -1 : admin.address().getPort();
    }

    /**
     * The database's JDBC URL.
     *
     * @return the URL, or {@code null} when the switch runs without a database.
     */
    public String databaseUrl()
    {
        return decks == null ? null : decks.jdbcUrl();
    }

    /**
     * The rate deck store.
     *
     * @return the store, or {@code null} when the switch runs without a database.
     */
    public DeckStore deckStore()
    {
        return decks == null ? null : decks.store();
    }

    /**
     * The admin API's tokens.
     *
     * @return the token store, or {@code null} when the switch runs without a database.
     */
    public ApiTokenStore tokens()
    {
        return decks == null ? null : decks.tokens();
    }

    /**
     * The live routing: engine, reloads, blocks, simulator.
     *
     * @return the routing.
     */
    public LiveRouting routing()
    {
        return routing;
    }

    /**
     * The switch's database (rate decks, blocks, CDRs).
     *
     * @return the data source, or {@code null} when the switch runs without a database.
     */
    public DataSource dataSource()
    {
        return decks == null ? null : decks.dataSource();
    }

    /**
     * The CDR journal and billing.
     *
     * @return the CDR side, or {@code null} when CDRs are off (no database, or disabled).
     */
    public CdrBilling cdr()
    {
        return cdr;
    }

    /**
     * Stops taking traffic and releases every port and thread: admin server first, then the SIP
     * switch, the CDR journal and billing, the engine, the registry, and the embedded database if
     * one was started.
     */
    @Override
    public void close()
    {
        if (admin != null)
        {
            admin.close();
        }
        sipSwitch.close();
        if (cdr != null)
        {
            cdr.close();
        }
        routing.close();
        // After the switch: its loops have closed their control clients.
        media.close();
        metrics.close();
        if (decks != null)
        {
            decks.close();
        }
        LOG.info("stopped");
    }

    private void logListening(final SoftswitchConfig config, final LiveTrunks.TrunkSet set)
    {
        final SipListen listen = config.signaling().listen();
        if (sipSwitch.udpPort() > 0)
        {
            LOG.info("SIP UDP listening on {} (advertised as {})", hostPort(listen.host(), sipSwitch.udpPort()),
                listen.advertisedHost());
        }
        if (sipSwitch.tcpPort() > 0)
        {
            LOG.info("SIP TCP listening on {} (advertised as {})", hostPort(listen.host(), sipSwitch.tcpPort()),
                listen.advertisedHost());
        }
        if (admin != null)
        {
            LOG.info("admin HTTP listening on http://{}/ (metrics at /metrics)",
                hostPort(config.admin().host(), admin.address().getPort()));
        }
        LOG.info("{} customer trunks, {} vendor trunks",
            set.customers().size(), set.vendors().size());
    }

    private static String hostPort(final String host, final int port)
    {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
