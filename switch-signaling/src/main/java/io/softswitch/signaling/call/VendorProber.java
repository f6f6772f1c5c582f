package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.transaction.NonInviteClientTransaction;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transaction.TransactionListener;
import io.softswitch.signaling.transaction.WheelTimer;
import io.softswitch.signaling.trunk.ProbePolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches the vendors one loop is responsible for with OPTIONS (RFC 3261 §11): every interval a
 * probe goes out; a probe that has no final response by the next one (or times out) is a failure,
 * any final response a success. After {@code failuresToDown} failures in a row the vendor is
 * down and skipped by routing; after {@code successesToUp} successes in a row it is up again.
 *
 * <p>Each vendor is probed by the loop whose index is the vendor's index modulo the loop count,
 * which is then the only writer of its probe state.
 */
final class VendorProber implements TransactionListener
{
    private final CallLoop loop;
    private final List<Probe> probes = new ArrayList<>();
    private long cseq;

    VendorProber(final CallLoop loop)
    {
        this.loop = loop;
    }

    void start()
    {
        final int loopCount = loop.context.loops.length;
        for (final Vendor vendor : loop.context.vendors)
        {
            final ProbePolicy policy = vendor.trunk.probe();
            if (policy.enabled() && vendor.index % loopCount == loop.index)
            {
                final Probe probe = new Probe(vendor, TimeUnit.MILLISECONDS.toNanos(policy.intervalMs()));
                probes.add(probe);
                loop.wheel.schedule(probe, loop.context.clock.nanoTime());
            }
        }
    }

    void stop()
    {
        for (int i = 0; i < probes.size(); i++)
        {
            final Probe probe = probes.get(i);
            loop.wheel.cancel(probe);
            if (probe.transaction != null)
            {
                probe.transaction.terminate();
            }
        }
        probes.clear();
    }

    void onResponse(final SipMessage response, final int vendorIndex)
    {
        for (int i = 0; i < probes.size(); i++)
        {
            final Probe probe = probes.get(i);
            if (probe.vendor.index == vendorIndex && probe.transaction != null &&
                response.cseqNumber() == probe.cseq)
            {
                if (probe.transaction.onResponse(response.statusCode(), loop.nowNs) && response.statusCode() >= 200)
                {
                    probe.answered = true;
                    succeeded(probe.vendor);
                }
                return;
            }
        }
    }

    @Override
    public void onTimeout(final Transaction transaction)
    {
        for (int i = 0; i < probes.size(); i++)
        {
            final Probe probe = probes.get(i);
            if (probe.transaction == transaction && !probe.answered)
            {
                probe.answered = true;
                failed(probe.vendor);
            }
        }
    }

    @Override
    public void onTerminated(final Transaction transaction)
    {
        for (int i = 0; i < probes.size(); i++)
        {
            final Probe probe = probes.get(i);
            if (probe.transaction == transaction)
            {
                probe.transaction = null;
            }
        }
        loop.pools.recycle(transaction);
    }

    private void send(final Probe probe, final long nowNs)
    {
        if (probe.transaction != null)
        {
            if (!probe.answered)
            {
                probe.answered = true;
                failed(probe.vendor);
            }
            probe.transaction.terminate();
        }
        final Vendor vendor = probe.vendor;
        probe.cseq = ++cseq;
        probe.answered = false;
        final ByteBuf out = loop.alloc.directBuffer(384);
        loop.writer.options(out, vendor.hostPort, vendor.trunk.transport(),
            loop.callId.set(loop.index, CallId.PROBE_SLOT, vendor.index, 0, loop.context.epoch), probe.cseq);
        final NonInviteClientTransaction transaction = loop.pools.nonInviteClient();
        probe.transaction = transaction;
        transaction.start(this, out, loop.peers.vendorPeer(vendor), nowNs);
    }

    private void succeeded(final Vendor vendor)
    {
        vendor.consecutiveFailures = 0;
        vendor.consecutiveSuccesses++;
        if (!vendor.up && vendor.consecutiveSuccesses >= vendor.trunk.probe().successesToUp())
        {
            vendor.up = true;
            loop.context.engine.setVendorDown(vendor.trunk.name(), false);
        }
    }

    private void failed(final Vendor vendor)
    {
        vendor.consecutiveSuccesses = 0;
        vendor.consecutiveFailures++;
        if (vendor.up && vendor.consecutiveFailures >= vendor.trunk.probe().failuresToDown())
        {
            vendor.up = false;
            loop.context.engine.setVendorDown(vendor.trunk.name(), true);
        }
    }

    private final class Probe extends WheelTimer
    {
        final Vendor vendor;
        final long intervalNs;
        NonInviteClientTransaction transaction;
        long cseq;
        boolean answered;

        Probe(final Vendor vendor, final long intervalNs)
        {
            this.vendor = vendor;
            this.intervalNs = intervalNs;
        }

        @Override
        protected void onExpiry(final long nowNs)
        {
            send(this, nowNs);
            loop.wheel.schedule(this, nowNs + intervalNs);
        }
    }
}
