package io.softswitch.app;

import io.softswitch.app.admin.AdminHttpServer;
import io.softswitch.app.admin.AdminMetrics;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.ratedeck.RateSource;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipSwitch;
import io.softswitch.signaling.SwitchHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/**
 * One running switch: the rate deck database, the LCR engine, the SIP switch, the admin HTTP
 * server and the meter registry they share.
 *
 * <p>Started whole or not at all: when a part fails to start, the parts already started are
 * closed before the error is thrown, so no port or thread is left behind.
 */
public final class Softswitch implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Softswitch.class);

    private final RateDecks decks;
    private final LiveRouting routing;
    private final AdminMetrics metrics;
    private final SipSwitch sipSwitch;
    private final AdminHttpServer admin;
    private final MediaAnchoring media;

    private Softswitch(final RateDecks decks, final LiveRouting routing, final AdminMetrics metrics,
        final SipSwitch sipSwitch, final AdminHttpServer admin, final MediaAnchoring media)
    {
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
        final RateDecks decks = RateDecks.open(config.database(), env, Clock.systemUTC());
        try
        {
            decks.seed(config.decks());
            return start(config, decks, decks.rates());
        }
        catch (final RuntimeException ex)
        {
            decks.close();
            throw ex;
        }
    }

    /**
     * Starts the switch routed from rates that do not come from a database (tests, tools): the
     * admin API's deck import and history answer 503, and blocks are kept in memory only.
     *
     * @param config the configuration; its database and seed decks are not used.
     * @param rates  every rate in force now or later.
     * @return the running switch.
     */
    public static Softswitch start(final SoftswitchConfig config, final RateSource rates)
    {
        return start(config, null, rates);
    }

    private static Softswitch start(final SoftswitchConfig config, final RateDecks decks, final RateSource rates)
    {
        final AdminMetrics metrics = new AdminMetrics();
        LiveRouting routing = null;
        SipSwitch sipSwitch = null;
        MediaAnchoring media = null;
        try
        {
            media = MediaAnchoring.start(config.media());
            routing = LiveRouting.start(rates, config.routing(), decks == null ? null : decks.store(),
                decks == null ? null : decks.blocks());
            sipSwitch = SipSwitch.start(config.signaling(), routing.engine(), metrics.registry(),
                SwitchHooks.none().withMedia(media.plane()));
            final AdminHttpServer admin = config.admin().enabled() ?
                AdminHttpServer.start(config.admin(), metrics.registry(), config.signaling(), routing) : null;
            final Softswitch softswitch = new Softswitch(decks, routing, metrics, sipSwitch, admin, media);
            softswitch.logListening(config);
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
     * The live routing: engine, reloads, blocks, simulator.
     *
     * @return the routing.
     */
    public LiveRouting routing()
    {
        return routing;
    }

    /**
     * Stops taking traffic and releases every port and thread: admin server first, then the SIP
     * switch, the engine, the registry, and the embedded database if one was started.
     */
    @Override
    public void close()
    {
        if (admin != null)
        {
            admin.close();
        }
        sipSwitch.close();
        // After the switch: its loops have closed their control clients.
        media.close();
        routing.close();
        metrics.close();
        if (decks != null)
        {
            decks.close();
        }
        LOG.info("stopped");
    }

    private void logListening(final SoftswitchConfig config)
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
            config.signaling().customers().size(), config.signaling().vendors().size());
    }

    private static String hostPort(final String host, final int port)
    {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
