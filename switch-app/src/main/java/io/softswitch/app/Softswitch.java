package io.softswitch.app;

import io.softswitch.app.admin.AdminHttpServer;
import io.softswitch.app.admin.AdminMetrics;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running switch: the SIP switch, the admin HTTP server and the meter registry they share.
 *
 * <p>Started whole or not at all: when a part fails to start, the parts already started are
 * closed before the error is thrown, so no port or thread is left behind.
 */
public final class Softswitch implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Softswitch.class);

    private final AdminMetrics metrics;
    private final SipSwitch sipSwitch;
    private final AdminHttpServer admin;

    private Softswitch(final AdminMetrics metrics, final SipSwitch sipSwitch, final AdminHttpServer admin)
    {
        this.metrics = metrics;
        this.sipSwitch = sipSwitch;
        this.admin = admin;
    }

    /**
     * Starts the switch and its admin server, and logs one line per listening address.
     *
     * @param config the configuration.
     * @return the running switch.
     * @throws IllegalStateException or another unchecked exception when a port cannot be bound;
     *                               nothing is left running.
     */
    public static Softswitch start(final SoftswitchConfig config)
    {
        final AdminMetrics metrics = new AdminMetrics();
        SipSwitch sipSwitch = null;
        try
        {
            sipSwitch = SipSwitch.start(config.signaling(), metrics.registry());
            final AdminHttpServer admin = config.admin().enabled() ?
                AdminHttpServer.start(config.admin(), metrics.registry(), config.signaling()) : null;
            final Softswitch softswitch = new Softswitch(metrics, sipSwitch, admin);
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
     * Stops taking traffic and releases every port and thread: admin server first, then the SIP
     * switch, then the registry.
     */
    @Override
    public void close()
    {
        if (admin != null)
        {
            admin.close();
        }
        sipSwitch.close();
        metrics.close();
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
        LOG.info("{} customer trunks, {} vendor trunks, {} routes",
            config.signaling().customers().size(), config.signaling().vendors().size(),
            config.signaling().routes().size());
    }

    private static String hostPort(final String host, final int port)
    {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
