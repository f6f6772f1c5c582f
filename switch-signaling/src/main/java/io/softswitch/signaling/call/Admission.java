package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.softswitch.signaling.SwitchHooks.AdmissionRefusal;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipParseResult;
import io.softswitch.signaling.codec.SipParser;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;
import io.softswitch.signaling.transport.TcpConnectionGuard;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.TrunkLimiter;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>Over UDP a new INVITE that the loop which read it also owns is judged on arrival
 * ({@link #shedOnArrival}), before the rest of the datagram path: a refused one costs one parse
 * and one 503. One that another loop owns is handed to it and judged there, where its call table
 * tells a retransmission of an admitted INVITE from a new one. Each INVITE is judged once.
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
    /**
     * How long after its last refusal a loop still looks at arriving INVITEs and ACKs: the first
     * retransmissions of an INVITE whose 503 was lost (T1 doubling: 0.5, 1.5, 3.5 s) and the ACKs
     * of the 503s. A later retransmission goes to its owner and is taken as a new call.
     */
    private static final long ARRIVAL_WATCH_NS = TimeUnit.SECONDS.toNanos(4);
    private static final byte[] INVITE_LINE = "INVITE ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACK_LINE = "ACK ".getBytes(StandardCharsets.US_ASCII);

    /** {@link #shedOnArrival}: not parsed here; the datagram goes on to be parsed. */
    static final int NOT_JUDGED = 0;
    /** {@link #shedOnArrival}: answered or ended here; nothing more to do. */
    static final int DEALT_WITH = 1;
    /** {@link #shedOnArrival}: parsed here and let through; handle {@link #arrived} as parsed. */
    static final int LET_THROUGH = 2;

    private final CallLoop loop;
    private final AsciiSlice slice = new AsciiSlice();
    private final RefusedCall refused = new RefusedCall();
    private final RefusedInvites refusedInvites = new RefusedInvites(REMEMBERED_REFUSALS);
    private final AdmissionRefusal[] refusals;
    private final byte[] branchStamp;
    private final SipParser parser;
    private final SipMessage arrived;
    private int shedCredit;
    /** The INVITE judged on arrival and admitted, which {@link #admit} then takes without judging again. */
    private long judgedOnArrival = Long.MIN_VALUE;
    private long lastRefusalNs;
    private boolean refusedRecently;

    Admission(final CallLoop loop)
    {
        this.loop = loop;
        this.refusals = loop.context.hooks.admissionRefusals().toArray(new AdmissionRefusal[0]);
        this.branchStamp = B2buaWriter.branchStamp(loop.context.epoch);
        this.parser = new SipParser(loop.context.limits);
        this.arrived = new SipMessage(loop.context.limits);
    }

    /**
     * Sheds on arrival, on the loop that read a datagram, when that loop also owns its Call-ID: a
     * new INVITE (no call of this loop has it) among the share the shedder refuses gets 503 with
     * Retry-After here (counted for its trunk, its refusal journaled), a retransmission of an
     * INVITE refused here gets the same answer again, and the ACK of such a 503 ends here.
     * Everything else goes on as ever: while the switch is not shedding and has refused nothing
     * lately, at the cost of one volatile read. An INVITE or ACK parsed here and let through is
     * handled as parsed ({@link #arrived}), not parsed a second time.
     *
     * @return {@link #DEALT_WITH}, {@link #LET_THROUGH} (parsed into {@link #arrived}) or
     *         {@link #NOT_JUDGED} (not parsed here).
     */
    int shedOnArrival(final ByteBuf datagram, final int index, final int length, final InetSocketAddress sender,
        final Channel channel)
    {
        final int percent = loop.context.shedder.refusePercent();
        if (percent <= 0 && !watchingArrivals())
        {
            return NOT_JUDGED;
        }
        final boolean invite = startsWith(datagram, index, length, INVITE_LINE);
        if (!invite && !startsWith(datagram, index, length, ACK_LINE) ||
            parser.parse(datagram, index, length, arrived) != SipParseResult.MESSAGE ||
            loop.ownerOf(arrived) != loop)
        {
            return NOT_JUDGED;
        }
        if (invite && (arrived.toTagLength() > 0 || isLooped(arrived)))
        {
            return LET_THROUGH;
        }
        loop.readClock();
        final long key = RefusedInvites.key(hash(datagram, arrived.callIdOffset(), arrived.callIdLength()),
            arrived.cseqNumber());
        final boolean refusedBefore = refusedInvites.contains(key, loop.nowNs);
        if (!invite)
        {
            // The ACK of a 503 sent from here: the end of that refused call's transaction.
            return refusedBefore ? DEALT_WITH : LET_THROUGH;
        }
        if (refusedBefore)
        {
            loop.responder.respond(arrived, sender, channel, Transport.UDP, 503, RETRY_AFTER);
            loop.transport.flush();
            return DEALT_WITH;
        }
        if (loop.table.findCustomerCall(arrived, sender) != null)
        {
            // A retransmission of an INVITE this loop admitted: its transaction answers it.
            return LET_THROUGH;
        }
        if (!shedNow(percent))
        {
            judgedOnArrival = key;
            return LET_THROUGH;
        }
        final CustomerTrunk trunk = trunkOf(arrived, sender);
        if (trunk == null)
        {
            // A stranger's INVITE: its owner answers 403, whatever the load; the credit stays.
            shedCredit += 100;
            return LET_THROUGH;
        }
        loop.context.metrics.rejected(Rejection.OVERLOAD);
        loop.lag.shed();
        refuse(arrived, key, sender, channel, Transport.UDP, loop.context.trunks.customers().get(trunk), OVERLOAD,
            EndReason.OVERLOAD);
        loop.transport.flush();
        lastRefusalNs = loop.nowNs;
        refusedRecently = true;
        return DEALT_WITH;
    }

    /**
     * The message {@link #shedOnArrival} parsed and let through; valid until it judges the next.
     *
     * @return the parsed message.
     */
    SipMessage arrived()
    {
        return arrived;
    }

    /** Whether this loop refused an INVITE on arrival lately; reads the clock only then. */
    private boolean watchingArrivals()
    {
        if (!refusedRecently)
        {
            return false;
        }
        if (loop.context.clock.nanoTime() - lastRefusalNs < ARRIVAL_WATCH_NS)
        {
            return true;
        }
        refusedRecently = false;
        return false;
    }

    private CustomerTrunk trunkOf(final SipMessage invite, final InetSocketAddress sender)
    {
        return loop.context.trunks.directory().match(loop.addresses.bytes(sender.getAddress()),
            slice.wrap(invite.buffer(), invite.requestUriUserOffset(), invite.requestUriUserLength()));
    }

    private static boolean startsWith(final ByteBuf buffer, final int index, final int length, final byte[] prefix)
    {
        if (length < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buffer.getByte(index + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
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
        final CustomerTrunk trunk = trunkOf(invite, sender);
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
        final boolean judged = judgedOnArrival == refusalKey;
        judgedOnArrival = Long.MIN_VALUE;
        if (!judged && shedNow(context.shedder.refusePercent()))
        {
            // The loops have fallen behind: refused before any transaction or routing work.
            context.metrics.rejected(Rejection.OVERLOAD);
            loop.lag.shed();
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
        loop.lag.admitted();
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
