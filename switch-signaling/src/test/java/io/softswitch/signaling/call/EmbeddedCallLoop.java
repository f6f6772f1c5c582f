package io.softswitch.signaling.call;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.softswitch.lcr.CallRouting;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchHooks;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CallTimerPolicy;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link CallLoop} on an embedded channel with a manual clock, for tests of a call's life:
 * a customer trunk and two UDP vendors, messages fed in as they would arrive over UDP, everything
 * the loop sends read back with its destination.
 */
final class EmbeddedCallLoop implements AutoCloseable
{
    static final long MS = 1_000_000L;
    static final InetSocketAddress CUSTOMER = new InetSocketAddress("127.0.0.1", 5070);
    static final InetSocketAddress VENDOR_1 = new InetSocketAddress("127.0.0.2", 5060);
    static final InetSocketAddress VENDOR_2 = new InetSocketAddress("127.0.0.3", 5060);

    /** A message the loop sent, and where to. */
    record Sent(InetSocketAddress to, String text)
    {
        String firstLine()
        {
            return text.substring(0, text.indexOf('\r'));
        }
    }

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final CallLoop loop;
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Sent> sent = new ArrayList<>();
    private long nowNs = 1_000 * MS;

    /**
     * Starts the loop: customer trunk "customer" from 127.0.0.1, vendors "vendor-1" and "vendor-2".
     *
     * @param engine               the route source the calls ask.
     * @param provisionalTimeoutMs the customer's failover provisional timeout.
     */
    EmbeddedCallLoop(final CallRouting engine, final long provisionalTimeoutMs)
    {
        this(engine, provisionalTimeoutMs, SwitchHooks.none());
    }

    /**
     * Starts the loop with hooks: the wall clock the calls are stamped with reads the manual
     * clock in milliseconds, so that a test knows every time a listener sees.
     *
     * @param engine               the route source the calls ask.
     * @param provisionalTimeoutMs the customer's failover provisional timeout.
     * @param hooks                the call end listener and admission refusals.
     */
    EmbeddedCallLoop(final CallRouting engine, final long provisionalTimeoutMs, final SwitchHooks hooks)
    {
        this(engine, provisionalTimeoutMs, hooks, CallTimerPolicy.DEFAULTS);
    }

    /**
     * Starts the loop with hooks and the customer trunk's call timers.
     *
     * @param engine               the route source the calls ask.
     * @param provisionalTimeoutMs the customer's failover provisional timeout.
     * @param hooks                the call end listener and admission refusals.
     * @param callTimers           the customer trunk's maximum duration and session timers.
     */
    EmbeddedCallLoop(final CallRouting engine, final long provisionalTimeoutMs, final SwitchHooks hooks,
        final CallTimerPolicy callTimers)
    {
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        final CustomerTrunk customer = new CustomerTrunk("customer", List.of(AddressRange.parse("127.0.0.1/32")), "",
            NumberRules.NONE, 100, 100, new FailoverPolicy(defaults.rerouteOn(), defaults.stopOn(), provisionalTimeoutMs, 5),
            callTimers);
        final List<VendorTrunk> vendors = List.of(
            new VendorTrunk("vendor-1", "127.0.0.2", 5060, Transport.UDP, 100, 100, ProbePolicy.DISABLED),
            new VendorTrunk("vendor-2", "127.0.0.3", 5060, Transport.UDP, 100, 100, ProbePolicy.DISABLED));
        final SwitchContext context = new SwitchContext(List.of(customer), vendors, engine,
            new SwitchMetrics(registry), SipTimers.RFC_3261, SipLimits.DEFAULT, () -> nowNs, () -> nowNs / MS,
            hooks, 0x5eed, "192.0.2.1", 1);
        context.boundPorts(5060, -1);
        loop = new CallLoop(context, 0, channel.eventLoop(), PooledByteBufAllocator.DEFAULT, channel);
        context.install(loop);
    }

    @Override
    public void close()
    {
        loop.shutdown();
        collect();
        channel.finishAndReleaseAll();
    }

    void receive(final String text, final InetSocketAddress from)
    {
        final ByteBuf bytes = Unpooled.copiedBuffer(text.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        try
        {
            // As the datagram path does: offered to the loop that read it (which sheds new calls
            // on arrival) before its call's loop parses and handles it.
            if (!loop.handOver(bytes, bytes.readerIndex(), bytes.readableBytes(), from, channel))
            {
                loop.onHandover(bytes, from, channel, Transport.UDP, nowNs);
            }
        }
        finally
        {
            bytes.release();
        }
        collect();
    }

    long nowMs()
    {
        return nowNs / MS;
    }

    void advanceMs(final long ms)
    {
        final long target = nowNs + ms * MS;
        while (nowNs < target)
        {
            nowNs += 4 * MS;
            loop.onTick();
        }
        collect();
    }

    /**
     * Sends what the loop has written but not flushed (an answer delivered outside a message's
     * handling), then reads it back.
     */
    void flush()
    {
        loop.transport.flush();
        collect();
    }

    private void collect()
    {
        Object message;
        while ((message = channel.readOutbound()) != null)
        {
            final DatagramPacket packet = (DatagramPacket)message;
            sent.add(new Sent(packet.recipient(), packet.content().toString(StandardCharsets.UTF_8)));
            packet.release();
        }
    }

    List<Sent> sentTo(final InetSocketAddress to, final String firstLinePrefix)
    {
        return sent.stream().filter(s -> s.to().equals(to) && s.firstLine().startsWith(firstLinePrefix)).toList();
    }

    static String header(final String message, final String name)
    {
        final Matcher matcher = Pattern.compile("(?m)^" + name + ": ([^\r\n]*)").matcher(message);
        assertThat(matcher.find()).as("header %s in %s", name, message).isTrue();
        return matcher.group(1);
    }

    void customerInvite()
    {
        customerRequest("INVITE", "customer-call-1", "z9hG4bK-c1", null);
    }

    /**
     * Sends a request of the customer's INVITE transaction or dialog, as 127.0.0.1:5070.
     *
     * @param method the method (INVITE, ACK, CANCEL).
     * @param callId the Call-ID.
     * @param branch the Via branch.
     * @param toTag  the To tag, or null.
     */
    void customerRequest(final String method, final String callId, final String branch, final String toTag)
    {
        customerRequest(method, callId, branch, toTag, "");
    }

    /**
     * Sends a request of the customer's INVITE transaction or dialog with extra header lines.
     *
     * @param method the method (INVITE, ACK, CANCEL).
     * @param callId the Call-ID.
     * @param branch the Via branch.
     * @param toTag  the To tag, or null.
     * @param extra  header lines, each ending in a newline.
     */
    void customerRequest(final String method, final String callId, final String branch, final String toTag,
        final String extra)
    {
        receive(method + " sip:442079460000@192.0.2.1 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + "\n" +
            "Max-Forwards: 70\n" +
            "From: <sip:alice@127.0.0.1>;tag=c-tag\n" +
            "To: <sip:442079460000@192.0.2.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\n" +
            "Call-ID: " + callId + "\n" +
            "CSeq: 1 " + method + "\n" +
            ("INVITE".equals(method) ? "Contact: <sip:alice@127.0.0.1:5070>\n" : "") +
            extra +
            "Content-Length: 0\n\n", CUSTOMER);
    }

    void vendorResponse(final String invite, final InetSocketAddress vendor, final int code, final String tag)
    {
        vendorResponse(invite, vendor, code, tag, "");
    }

    /**
     * Answers the INVITE sent to a vendor, with extra header lines.
     *
     * @param invite the INVITE as the vendor got it.
     * @param vendor the vendor's address.
     * @param code   the status code.
     * @param tag    the vendor's To tag.
     * @param extra  header lines, each ending in a newline.
     */
    void vendorResponse(final String invite, final InetSocketAddress vendor, final int code, final String tag,
        final String extra)
    {
        receive("SIP/2.0 " + code + " Whatever\n" +
            "Via: " + header(invite, "Via") + "\n" +
            "From: " + header(invite, "From") + "\n" +
            "To: " + header(invite, "To") + ";tag=" + tag + "\n" +
            "Call-ID: " + header(invite, "Call-ID") + "\n" +
            "CSeq: 1 INVITE\n" +
            "Contact: <sip:callee@" + vendor.getHostString() + ":5060>\n" +
            extra +
            "Content-Length: 0\n\n", vendor);
    }

    /**
     * Answers a request the loop sent, as the peer it was sent to (Via, From, To, Call-ID and CSeq
     * copied, RFC 3261 §8.2.6.2).
     *
     * @param request the request as the peer got it.
     * @param from    the peer's address.
     * @param code    the status code.
     * @param extra   header lines, each ending in a newline.
     */
    void answer(final String request, final InetSocketAddress from, final int code, final String extra)
    {
        receive("SIP/2.0 " + code + " Whatever\n" +
            "Via: " + header(request, "Via") + "\n" +
            "From: " + header(request, "From") + "\n" +
            "To: " + header(request, "To") + "\n" +
            "Call-ID: " + header(request, "Call-ID") + "\n" +
            "CSeq: " + header(request, "CSeq") + "\n" +
            extra +
            "Content-Length: 0\n\n", from);
    }
}
