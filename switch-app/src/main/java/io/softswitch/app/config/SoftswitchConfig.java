package io.softswitch.app.config;

import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SwitchConfig;

/**
 * Everything one switch process runs from: the signaling configuration and the admin server.
 *
 * @param signaling the SIP side: listen addresses, limits, timers, trunks, routes.
 * @param admin     where the admin HTTP server listens.
 */
public record SoftswitchConfig(SwitchConfig signaling, AdminListen admin)
{
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
                signaling.routes()),
            admin);
    }

    /**
     * The same configuration with the admin server on another port.
     *
     * @param port the port, 0 for a free one, -1 to disable the server.
     * @return the changed configuration.
     */
    public SoftswitchConfig withAdminPort(final int port)
    {
        return new SoftswitchConfig(signaling, new AdminListen(admin.host(), port));
    }
}
