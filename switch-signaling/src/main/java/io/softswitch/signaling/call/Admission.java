package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.softswitch.signaling.SwitchHooks.AdmissionRefusal;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;
import io.softswitch.signaling.transport.TcpConnectionGuard;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.TrunkLimiter;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;
import java.util.List;

import static io.softswitch.signaling.call.B2buaWriter.RETRY_AFTER;
import static io.softswitch.signaling.codec.SipBytes.hash;
import static io.softswitch.signaling.codec.SipBytes.indexOf;

/**
 * Decides whether a new INVITE becomes a call (DESIGN.md, "A call's life", step 2): not looped
 * back to us (482), from a customer trunk (403 otherwise), not among the share of new calls the
 * {@link LoadShedder} refuses while the loops have fallen behind, no admission hook refusing
 * calls, and within the trunk's CPS and concurrent-call limits (503 with Retry-After). Refusals
 * once the trunk is known are counted per trunk and told to the call end listener once, however
 * often the client retransmits the refused INVITE ({@link RefusedInvites}); an admitted
 * INVITE gets a call from the table, which starts it and routes it.
 */
final class Admission
{
    /** Refusal reasons every switch counts, before those of the admission hooks. */
    static final List<String> BUILT_IN_REFUSALS = List.of("cps_limit", "concurrent_limit", "overload");
    private static final int CPS_LIMIT = 0;
    private static final int CONCURRENT_LIMIT = 1;
    private static final int OVERLOAD = 2;
    /** Refusals a loop remembers for their retransmissions: about 1,000 a second for 32 s. */
    private static final int REMEMBERED_REFUSALS = 32_768;

    private final CallLoop loop;
    private final AsciiSlice slice = new AsciiSlice();
    private final RefusedCall refused = new RefusedCall();
    private final RefusedInvites refusedInvites = new RefusedInvites(REMEMBERED_REFUSALS);
    private final AdmissionRefusal[] refusals;
    private final byte[] branchStamp;
    private int shedCredit;

    Admission(final CallLoop loop)
    {
        this.loop = loop;
        this.refusals = loop.context.hooks.admissionRefusals().toArray(new AdmissionRefusal[0]);
        this.branchStamp = B2buaWriter.branchStamp(loop.context.epoch);
    }

    void admit(final SipMessage invite, final InetSocketAddress sender, final Channel channel, final Transport over)
    {
        final SwitchContext context = loop.context;
        if (isLooped(invite))
        {
            context.metrics.rejected(Rejection.LOOP);
            loop.responder.respond(invite, sender, channel, over, 482, null);
            return;
        }
        final ByteBuf buffer = invite.buffer();
        final TrunkTables tables = context.trunks;
        final CustomerTrunk trunk = tables.directory().match(loop.addresses.bytes(sender.getAddress()),
            slice.wrap(buffer, invite.requestUriUserOffset(), invite.requestUriUserLength()));
        if (trunk == null)
        {
            context.metrics.rejected(Rejection.UNKNOWN_SOURCE);
            loop.responder.respond(invite, sender, channel, over, 403, null);
            if (over == Transport.TCP)
            {
                // A stranger's connection is closed soon after its 403: once its ACK is in.
                final TcpConnectionGuard guard = channel.pipeline().get(TcpConnectionGuard.class);
                if (guard != null)
                {
                    guard.onRefused();
                }
            }
            return;
        }
        final long key = hash(buffer, invite.callIdOffset(), invite.callIdLength());
        final long refusalKey = RefusedInvites.key(key, invite.cseqNumber());
        if (refusedInvites.contains(refusalKey, loop.nowNs))
        {
            // The 503 was lost and the client retransmits: the same answer, not another refused call.
            loop.responder.respond(invite, sender, channel, over, 503, RETRY_AFTER);
            return;
        }
        final Customer customer = tables.customers().get(trunk);
        if (shedNow(context.shedder.refusePercent()))
        {
            // The loops have fallen behind: refused before any transaction or routing work.
            context.metrics.rejected(Rejection.OVERLOAD);
            refuse(invite, refusalKey, sender, channel, over, customer, OVERLOAD, EndReason.OVERLOAD);
            return;
        }
        for (int i = 0; i < refusals.length; i++)
        {
            if (refusals[i].refuseNow().getAsBoolean())
            {
                refuse(invite, refusalKey, sender, channel, over, customer, BUILT_IN_REFUSALS.size() + i,
                    EndReason.OVERLOAD);
                return;
            }
        }
        final TrunkLimiter.Admission admission = customer.limiter.tryAcquire();
        if (admission != TrunkLimiter.Admission.ADMITTED)
        {
            final boolean cps = admission == TrunkLimiter.Admission.CPS_EXCEEDED;
            context.metrics.rejected(cps ? Rejection.CPS_LIMIT : Rejection.CONCURRENT_LIMIT);
            refuse(invite, refusalKey, sender, channel, over, customer, cps ? CPS_LIMIT : CONCURRENT_LIMIT,
                EndReason.REJECTED_LIMIT);
            return;
        }
        final Call call = loop.table.allocate(key);
        call.start(invite, sender, channel, over, customer, key);
        final int prefixLength = trunk.techPrefix().length();
        final boolean normalised = trunk.numberRules().normalize(slice.wrap(buffer,
            invite.requestUriUserOffset() + prefixLength, invite.requestUriUserLength() - prefixLength), call.number);
        call.route(normalised ? call.number : null, invite);
    }

    /**
     * Whether this INVITE is among the share the shedder refuses: each INVITE adds the share to a
     * credit and every hundred points refuse one, so that at 30 % three in ten are refused, evenly
     * spread, with neither a random draw nor a shared counter.
     */
    private boolean shedNow(final int refusePercent)
    {
        if (refusePercent <= 0)
        {
            shedCredit = 0;
            return false;
        }
        shedCredit += refusePercent;
        if (shedCredit >= 100)
        {
            shedCredit -= 100;
            return true;
        }
        return false;
    }

    private void refuse(final SipMessage invite, final long refusalKey, final InetSocketAddress sender,
        final Channel channel, final Transport over, final Customer customer, final int reasonIndex,
        final EndReason reason)
    {
        refusedInvites.add(refusalKey, loop.nowNs);
        customer.refused(reasonIndex);
        customer.ended(reason);
        loop.responder.respond(invite, sender, channel, over, 503, RETRY_AFTER);
        loop.callEnded(refused.wrap(invite, customer.trunk.name(), loop.nowEpochMs, 503, reason));
        refused.clear();
    }

    private boolean isLooped(final SipMessage request)
    {
        final ByteBuf buffer = request.buffer();
        for (int i = request.findHeader(HeaderName.VIA, 0); i >= 0; i = request.findHeader(HeaderName.VIA, i + 1))
        {
            final int offset = request.headerValueOffset(i);
            if (indexOf(buffer, offset, offset + request.headerValueLength(i), branchStamp) >= 0)
            {
                return true;
            }
        }
        return false;
    }
}
