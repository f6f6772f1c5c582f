package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.codec.SipRequestValidator;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;
import java.util.List;

import static io.softswitch.signaling.call.B2buaWriter.ALLOW;
import static io.softswitch.signaling.call.B2buaWriter.ALLOW_AND_ACCEPT;

/**
 * Where a parsed message goes on the loop that owns it: a response or in-dialog request to its
 * call (found by the Call-ID the switch minted, or by the customer's dialog), a probe's answer to
 * the {@link VendorProber}, a new INVITE to {@link Admission}, and anything else to the
 * {@link StatelessResponder}. Requests are checked before anything acts on them.
 */
final class MessageDispatch
{
    private static final List<String> SUPPORTED_OPTION_TAGS = List.of("timer", "replaces");

    private final CallLoop loop;
    private final VendorProber prober;
    private final Admission admission;
    private final SipRequestValidator validator = new SipRequestValidator(SUPPORTED_OPTION_TAGS);
    private final CallId decoded = new CallId();

    MessageDispatch(final CallLoop loop, final VendorProber prober)
    {
        this.loop = loop;
        this.prober = prober;
        this.admission = new Admission(loop);
    }

    /**
     * Refuses a new UDP INVITE of the shed share where it was read, before its call exists.
     *
     * @return {@link Admission#DEALT_WITH}, {@link Admission#LET_THROUGH} (parsed: handle
     *         {@link #arrived}) or {@link Admission#NOT_JUDGED} (not parsed).
     */
    int shedOnArrival(final ByteBuf datagram, final int index, final int length, final InetSocketAddress sender,
        final Channel channel)
    {
        return admission.shedOnArrival(datagram, index, length, sender, channel);
    }

    /**
     * The datagram {@link #shedOnArrival} parsed and let through.
     *
     * @return the parsed message.
     */
    SipMessage arrived()
    {
        return admission.arrived();
    }

    void dispatch(final SipMessage message, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        final boolean ours = decoded.decode(message.buffer(), message.callIdOffset(), message.callIdLength(),
            loop.context.epoch);
        if (!message.isRequest())
        {
            onResponse(message, sender, ours);
            return;
        }
        if (!isWellFormed(message, sender, channel, over))
        {
            return;
        }
        if (ours && (message.method() != SipMethod.INVITE || message.toTagLength() > 0))
        {
            final Call call = decoded.slot == CallId.PROBE_SLOT ? null :
                loop.table.callAt(decoded.slot, decoded.generation);
            if (call != null)
            {
                call.onVendorRequest(message, decoded.attempt, sender, channel, over);
            }
            else if (message.method() != SipMethod.ACK)
            {
                loop.responder.respond(message, sender, channel, over, 481, null);
            }
            return;
        }
        final Call call = ours ? null : loop.table.findCustomerCall(message, sender);
        if (call != null)
        {
            call.onCustomerRequest(message, sender, channel, over);
            return;
        }
        // An out-of-dialog INVITE carrying a Call-ID we minted has come back to us: admission
        // finds our Via in it and answers 482.
        outOfDialog(message, sender, channel, over);
    }

    private void onResponse(final SipMessage message, final InetSocketAddress sender, final boolean ours)
    {
        loop.context.metrics.responseIn(message.statusCode());
        if (ours)
        {
            if (decoded.slot == CallId.PROBE_SLOT)
            {
                prober.onResponse(message, decoded.generation);
                return;
            }
            final Call call = loop.table.callAt(decoded.slot, decoded.generation);
            if (call != null)
            {
                call.onVendorResponse(message, decoded.attempt);
            }
            return;
        }
        final Call call = loop.table.findCustomerCall(message, sender);
        if (call != null)
        {
            call.onCustomerResponse(message);
        }
    }

    /**
     * Checks a request before anything acts on it, inside a dialog or not (RFC 3261 §8.2): a
     * request whose CSeq method is not its own (an "ACK" carrying an INVITE's CSeq) is refused,
     * an ACK silently, so that it can never confirm a call.
     *
     * @return true when the request may proceed.
     */
    private boolean isWellFormed(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        if (request.method() == SipMethod.EXTENSION)
        {
            return true;
        }
        final int refusal = validator.validate(request);
        if (refusal == 0)
        {
            return true;
        }
        loop.context.metrics.rejected(refusal == 483 ? Rejection.TOO_MANY_HOPS : Rejection.MALFORMED);
        if (request.method() != SipMethod.ACK)
        {
            loop.responder.refuse(request, sender, channel, over, refusal, validator);
        }
        return false;
    }

    private void outOfDialog(final SipMessage message, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        final SipMethod method = message.method();
        if (method == SipMethod.ACK)
        {
            return;
        }
        final StatelessResponder responder = loop.responder;
        if (method == SipMethod.EXTENSION)
        {
            responder.respond(message, sender, channel, over, 501, ALLOW);
            return;
        }
        switch (method)
        {
            case INVITE ->
            {
                if (message.toTagLength() > 0)
                {
                    responder.respond(message, sender, channel, over, 481, null);
                }
                else
                {
                    admission.admit(message, sender, channel, over);
                }
            }
            case OPTIONS -> responder.respond(message, sender, channel, over, 200, ALLOW_AND_ACCEPT);
            case CANCEL, BYE, UPDATE, INFO, PRACK -> responder.respond(message, sender, channel, over, 481, null);
            default -> responder.respond(message, sender, channel, over, 405, ALLOW);
        }
    }
}
