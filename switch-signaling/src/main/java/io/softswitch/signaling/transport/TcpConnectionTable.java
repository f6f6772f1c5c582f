package io.softswitch.signaling.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The TCP connections the switch holds, counted in total and per source address across every
 * event loop, with the meters of what the limits refused or closed. Touched on accept and close
 * only, never per message.
 */
public final class TcpConnectionTable
{
    /** Why a connection was refused or closed by the switch. */
    public enum Closing
    {
        /** Over {@link TcpLimits#maxConnections()}. */
        TOTAL_LIMIT("total_limit"),
        /** Over {@link TcpLimits#maxConnectionsPerSource()}. */
        SOURCE_LIMIT("source_limit"),
        /** Silent for {@link TcpLimits#idleTimeoutMs()}. */
        IDLE("idle"),
        /** A message took longer than {@link TcpLimits#messageTimeoutMs()}. */
        MESSAGE_TIMEOUT("message_timeout"),
        /** From an address that is no trunk: after its 403, or silent. */
        UNKNOWN_SOURCE("unknown_source");

        private final String tag;

        Closing(final String tag)
        {
            this.tag = tag;
        }
    }

    private final TcpLimits limits;
    private final Predicate<InetAddress> knownSource;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final Counter[] closings = new Counter[Closing.values().length];

    /**
     * Creates the table.
     *
     * @param limits      the limits.
     * @param knownSource whether an address is a trunk's (a customer's source or a vendor).
     * @param registry    where the meters go.
     */
    public TcpConnectionTable(final TcpLimits limits, final Predicate<InetAddress> knownSource,
        final MeterRegistry registry)
    {
        this.limits = limits;
        this.knownSource = knownSource;
        for (final Closing closing : Closing.values())
        {
            closings[closing.ordinal()] = Counter.builder("softswitch.tcp.connections.closed")
                .description("TCP connections the switch refused or closed to protect itself, by reason")
                .tag("reason", closing.tag).register(registry);
        }
        Gauge.builder("softswitch.tcp.connections", total, AtomicInteger::get)
            .description("TCP connections accepted and open").register(registry);
    }

    /**
     * The limits.
     *
     * @return the limits.
     */
    public TcpLimits limits()
    {
        return limits;
    }

    /**
     * Takes a new connection into account if the limits allow it.
     *
     * @param source its source address.
     * @return null when accepted, else why it must be closed (counted).
     */
    public Closing tryOpen(final InetAddress source)
    {
        if (total.incrementAndGet() > limits.maxConnections())
        {
            total.decrementAndGet();
            return closed(Closing.TOTAL_LIMIT);
        }
        final AtomicInteger count = perSource.compute(source, TcpConnectionTable::increment);
        if (count.get() > limits.maxConnectionsPerSource())
        {
            close(source);
            return closed(Closing.SOURCE_LIMIT);
        }
        return null;
    }

    /**
     * Forgets a connection accepted by {@link #tryOpen}.
     *
     * @param source its source address.
     */
    public void close(final InetAddress source)
    {
        total.decrementAndGet();
        perSource.computeIfPresent(source, TcpConnectionTable::decrement);
    }

    private static AtomicInteger increment(final InetAddress source, final AtomicInteger current)
    {
        final AtomicInteger count = current != null ? current : new AtomicInteger();
        count.incrementAndGet();
        return count;
    }

    private static AtomicInteger decrement(final InetAddress source, final AtomicInteger current)
    {
        // Per key the map runs this atomically: an address with no connection left is forgotten.
        return current.decrementAndGet() <= 0 ? null : current;
    }

    /**
     * Whether a source address belongs to a trunk.
     *
     * @param source the address.
     * @return true for a customer's source or a vendor.
     */
    public boolean isKnown(final InetAddress source)
    {
        return knownSource.test(source);
    }

    /**
     * Counts a connection closed by the switch.
     *
     * @param closing why.
     * @return the reason, for chaining.
     */
    public Closing closed(final Closing closing)
    {
        closings[closing.ordinal()].increment();
        return closing;
    }

    /**
     * Connections open now.
     *
     * @return the count.
     */
    public int openConnections()
    {
        return total.get();
    }
}
