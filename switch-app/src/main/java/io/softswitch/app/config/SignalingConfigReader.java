package io.softswitch.app.config;

import io.softswitch.signaling.OverloadPolicy;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.transport.TcpLimits;

import java.net.InetAddress;
import java.util.Set;

/**
 * Reads the SIP stack's top-level sections of the configuration file: {@code sip}, {@code timers},
 * {@code limits}, {@code tcp} and {@code overload} (see {@code docs/configuration.md}); every key is
 * optional and a missing section reads as its defaults.
 */
final class SignalingConfigReader
{
    private static final Set<String> OVERLOAD_KEYS =
        Set.of("high-queued-bytes", "low-queued-bytes", "high-pending-tasks", "high-lag-ms", "high-delay-ms",
            "step-up-percent", "step-down-percent", "sample-interval-ms");
    private static final Set<String> TCP_KEYS = Set.of("max-connections", "max-connections-per-source",
        "idle-timeout-ms", "message-timeout-ms", "unknown-source-timeout-ms");
    private static final Set<String> THREADS_KEYS = Set.of("wake-coalescing-us");
    private static final Set<String> SIP_KEYS = Set.of("host", "udp-port", "tcp-port", "advertised-host");
    private static final Set<String> TIMER_KEYS = Set.of("t1-ms", "t2-ms", "t4-ms");
    private static final Set<String> LIMIT_KEYS =
        Set.of("max-start-line-bytes", "max-header-bytes", "max-header-count", "max-body-bytes");

    private SignalingConfigReader()
    {
    }

    /**
     * The {@code sip} section: where SIP listens and the host it advertises.
     */
    static SipListen sipListen(final ConfigNode sip)
    {
        if (sip == null)
        {
            return new SipListen("127.0.0.1", ConfigFileReader.DEFAULT_SIP_PORT, ConfigFileReader.DEFAULT_SIP_PORT,
                "127.0.0.1");
        }
        sip.allowOnly(SIP_KEYS);
        final String host = sip.ipAddress("host", "127.0.0.1");
        final int udpPort = sip.integer("udp-port", ConfigFileReader.DEFAULT_SIP_PORT, -1, 65_535);
        final int tcpPort = sip.integer("tcp-port", ConfigFileReader.DEFAULT_SIP_PORT, -1, 65_535);
        final String advertised;
        if (sip.has("advertised-host"))
        {
            advertised = sip.requiredString("advertised-host");
            if (advertised.isEmpty())
            {
                throw sip.child("advertised-host").error("'sip.advertised-host' must not be empty");
            }
        }
        else if (InetAddress.ofLiteral(host).isAnyLocalAddress())
        {
            throw sip.child("host").error("'sip.advertised-host' is needed when 'sip.host' is a wildcard address");
        }
        else
        {
            advertised = host;
        }
        return sip.build(() -> new SipListen(host, udpPort, tcpPort, advertised));
    }

    /**
     * The {@code timers} section: RFC 3261 T1, T2 and T4.
     */
    static SipTimers timers(final ConfigNode timers)
    {
        if (timers == null)
        {
            return SipTimers.RFC_3261;
        }
        timers.allowOnly(TIMER_KEYS);
        final SipTimers defaults = SipTimers.RFC_3261;
        final long t1 = timers.longInteger("t1-ms", defaults.t1Ms(), 1, 60_000);
        final long t2 = timers.longInteger("t2-ms", defaults.t2Ms(), 1, 600_000);
        final long t4 = timers.longInteger("t4-ms", defaults.t4Ms(), 1, 600_000);
        return timers.build(() -> new SipTimers(t1, t2, t4));
    }

    /**
     * The {@code limits} section: the parser's message size limits.
     */
    static SipLimits limits(final ConfigNode limits)
    {
        if (limits == null)
        {
            return SipLimits.DEFAULT;
        }
        limits.allowOnly(LIMIT_KEYS);
        final SipLimits defaults = SipLimits.DEFAULT;
        final int startLine = limits.integer("max-start-line-bytes", defaults.maxStartLineBytes(), 0, Integer.MAX_VALUE);
        final int headerBytes = limits.integer("max-header-bytes", defaults.maxHeaderBytes(), 0, Integer.MAX_VALUE);
        final int headerCount = limits.integer("max-header-count", defaults.maxHeaderCount(), 0, Integer.MAX_VALUE);
        final int bodyBytes = limits.integer("max-body-bytes", defaults.maxBodyBytes(), 0, Integer.MAX_VALUE);
        return limits.build(() -> new SipLimits(startLine, headerBytes, headerCount, bodyBytes));
    }

    /**
     * The {@code tcp} section: connection limits and timeouts.
     */
    static TcpLimits tcp(final ConfigNode tcp)
    {
        final TcpLimits defaults = TcpLimits.DEFAULT;
        if (tcp == null)
        {
            return defaults;
        }
        tcp.allowOnly(TCP_KEYS);
        final int total = tcp.integer("max-connections", defaults.maxConnections(), 1, 1_000_000);
        final int perSource = tcp.integer("max-connections-per-source", defaults.maxConnectionsPerSource(), 1, 1_000_000);
        final long idleMs = tcp.longInteger("idle-timeout-ms", defaults.idleTimeoutMs(), 1, 86_400_000);
        final long messageMs = tcp.longInteger("message-timeout-ms", defaults.messageTimeoutMs(), 1, 600_000);
        final long unknownMs = tcp.longInteger("unknown-source-timeout-ms", defaults.unknownSourceTimeoutMs(), 1, 600_000);
        return tcp.build(() -> new TcpLimits(total, perSource, idleMs, messageMs, unknownMs));
    }

    /**
     * The {@code overload} section: when new calls start to be refused.
     */
    static OverloadPolicy overload(final ConfigNode overload)
    {
        final OverloadPolicy defaults = OverloadPolicy.DEFAULT;
        if (overload == null)
        {
            return defaults;
        }
        overload.allowOnly(OVERLOAD_KEYS);
        final long high = overload.longInteger("high-queued-bytes", defaults.highQueuedBytes(), 1, 1L << 32);
        final long low = overload.longInteger("low-queued-bytes", defaults.lowQueuedBytes(), 0, 1L << 32);
        final int tasks = overload.integer("high-pending-tasks", defaults.highPendingTasks(), 1, 10_000_000);
        final long lagMs = overload.longInteger("high-lag-ms", defaults.highLagMs(), 1, 60_000);
        final long delayMs = overload.longInteger("high-delay-ms", defaults.highDelayMs(), 1, 60_000);
        final int up = overload.integer("step-up-percent", defaults.stepUpPercent(), 1, 100);
        final int down = overload.integer("step-down-percent", defaults.stepDownPercent(), 1, 100);
        final long intervalMs = overload.longInteger("sample-interval-ms", defaults.sampleIntervalMs(), 1, 10_000);
        return overload.build(() -> new OverloadPolicy(high, low, tasks, lagMs, delayMs, up, down, intervalMs));
    }

    /**
     * The {@code threads} section: how long a thread that has just worked sleeps before it looks
     * for more ({@link SwitchConfig#wakeCoalescingNs()}), in microseconds, at most 50 ms.
     */
    static long wakeCoalescingNs(final ConfigNode threads)
    {
        final long defaultUs = SwitchConfig.DEFAULT_WAKE_COALESCING_NS / 1_000;
        if (threads == null)
        {
            return SwitchConfig.DEFAULT_WAKE_COALESCING_NS;
        }
        threads.allowOnly(THREADS_KEYS);
        final long us = threads.longInteger("wake-coalescing-us", defaultUs, 0, 50_000);
        return us * 1_000;
    }
}
