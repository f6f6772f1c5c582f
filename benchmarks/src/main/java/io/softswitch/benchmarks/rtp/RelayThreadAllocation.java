package io.softswitch.benchmarks.rtp;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes allocated by the relay threads ({@code rtp-relay-N}) of our media node while it relays
 * the benchmark's load: the node's JVM is attached to (Attach API, its local management agent), so
 * the figure is taken from the very process measured for CPU, under the same load, not from a
 * micro-benchmark. The conductor and Aeron threads are left out: they serve control, not packets.
 */
final class RelayThreadAllocation implements AutoCloseable
{
    private static final String RELAY_THREAD = "rtp-relay-";

    private final JMXConnector connector;
    private final com.sun.management.ThreadMXBean threads;
    private final long[] relayThreadIds;

    private RelayThreadAllocation(final JMXConnector connector, final com.sun.management.ThreadMXBean threads,
        final long[] relayThreadIds)
    {
        this.connector = connector;
        this.threads = threads;
        this.relayThreadIds = relayThreadIds;
    }

    /**
     * Attaches to the media node.
     *
     * @param pid its process id.
     * @return the probe.
     * @throws Exception when the process cannot be attached to or has no relay thread.
     */
    static RelayThreadAllocation attach(final long pid) throws Exception
    {
        final VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        final String address;
        try
        {
            address = vm.startLocalManagementAgent();
        }
        finally
        {
            vm.detach();
        }
        final JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        final MBeanServerConnection server = connector.getMBeanServerConnection();
        final com.sun.management.ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server,
            ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
        final List<Long> ids = new ArrayList<>();
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (info != null && info.getThreadName().startsWith(RELAY_THREAD))
            {
                ids.add(info.getThreadId());
            }
        }
        if (ids.isEmpty())
        {
            connector.close();
            throw new IllegalStateException("no " + RELAY_THREAD + "* thread in pid=" + pid);
        }
        return new RelayThreadAllocation(connector, threads, ids.stream().mapToLong(Long::longValue).toArray());
    }

    /** @return bytes the relay threads allocated since they started. */
    long allocatedBytes()
    {
        long total = 0;
        for (final long bytes : threads.getThreadAllocatedBytes(relayThreadIds))
        {
            total += Math.max(bytes, 0);
        }
        return total;
    }

    @Override
    public void close() throws Exception
    {
        connector.close();
    }
}
