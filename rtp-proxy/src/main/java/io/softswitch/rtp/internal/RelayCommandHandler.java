package io.softswitch.rtp.internal;

import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.StreamReport;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The relay thread's side of its command ring: where the conductor's {@link RelayCommands} land.
 * Opens a stream (its sockets join the thread's I/O backend), applies what SDP said about a side, closes
 * a stream with its final report, and answers a statistics query. Runs on the relay thread only;
 * layouts in {@link RelayMessages}.
 */
final class RelayCommandHandler implements MessageHandler
{
    private static final int COMMANDS_PER_CYCLE = 64;

    private final int worker;
    private final RelayIo io;
    private final RingBuffer commands;
    private final RingBuffer reports;
    private final RelayStreams streams;
    private final MemorySegment addresses;
    private final StreamReport report = new StreamReport();
    private long nowNs;

    RelayCommandHandler(final int worker, final RelayIo io, final RingBuffer commands,
        final RingBuffer reports, final RelayStreams streams, final MemorySegment addresses)
    {
        this.worker = worker;
        this.io = io;
        this.commands = commands;
        this.reports = reports;
        this.streams = streams;
        this.addresses = addresses;
    }

    /**
     * Handles the commands waiting, a bounded number so that packets are not starved.
     *
     * @return commands handled.
     */
    int poll(final long nowNs)
    {
        this.nowNs = nowNs;
        return commands.read(this, COMMANDS_PER_CYCLE);
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int at, final int length)
    {
        switch (type)
        {
            case RelayMessages.OPEN -> onOpen(buffer, at);
            case RelayMessages.UPDATE -> onUpdate(buffer, at);
            case RelayMessages.CLOSE -> onClose(streams.bySlot(buffer.getInt(at)));
            case RelayMessages.QUERY -> onQuery(streams.bySlot(buffer.getInt(at)), buffer.getLong(at + 8));
            default -> throw new IllegalStateException("unknown command type=" + type);
        }
    }

    private void onOpen(final MutableDirectBuffer buffer, final int at)
    {
        final RelayStream stream = streams.bySlot(buffer.getInt(at));
        stream.open(buffer.getLong(at + 8), buffer.getInt(at + 4), buffer.getInt(at + 32));
        for (int socket = 0; socket < 4; socket++)
        {
            stream.fds[socket] = buffer.getInt(at + 16 + 4 * socket);
        }
        streams.activate(stream);
        io.watch(stream);
    }

    private void onUpdate(final MutableDirectBuffer buffer, final int at)
    {
        final RelayStream stream = streams.bySlot(buffer.getInt(at));
        final int side = buffer.getInt(at + 4);
        stream.mux[side] = buffer.getInt(at + 8) != 0;
        stream.hold[side] = buffer.getInt(at + 12) != 0;
        stream.anySource[side] = buffer.getInt(at + RelayMessages.UPDATE_ANY_SOURCE) != 0;
        stream.stats[side].clockRate(buffer.getInt(at + 20));
        stream.opaque = buffer.getInt(at + 16) == AnchorRequest.NOT_RTP;
        final boolean hasAddress = buffer.getInt(at + 24) != 0;
        final boolean changed = buffer.getInt(at + 28) != 0;
        if (hasAddress)
        {
            for (int rtcp = 0; rtcp < 2; rtcp++)
            {
                final long to = stream.announcedOffset(side, rtcp);
                final int from = at + (rtcp == 0 ? RelayMessages.UPDATE_RTP_ADDRESS : RelayMessages.UPDATE_RTCP_ADDRESS);
                for (int b = 0; b < RelayStream.ADDRESS_BYTES; b++)
                {
                    addresses.set(ValueLayout.JAVA_BYTE, to + b, buffer.getByte(from + b));
                }
            }
            stream.announcedLength[side] = addresses.get(ValueLayout.JAVA_SHORT, stream.announcedOffset(side, 0))
                == LinuxNet.AF_INET6 ? 16 : 4;
        }
        stream.announced[side] = hasAddress;
        if (changed)
        {
            // RFC 7362 §4: a signalled change of address is the one reason to learn again.
            stream.latch[side * 2] = RelayStream.LATCH_NONE;
            stream.latch[side * 2 + 1] = RelayStream.LATCH_NONE;
        }
        if (stream.armedNs == 0 && stream.announced[0] && stream.announced[1])
        {
            stream.armedNs = nowNs;
        }
    }

    /**
     * Closes a stream and reports its final statistics; when the report ring is full the stream
     * stays, marked, for the timeout scan to close later.
     */
    void onClose(final RelayStream stream)
    {
        if (!stream.active)
        {
            return;
        }
        final int claim = reports.tryClaim(RelayMessages.CLOSED, RelayMessages.CLOSED_REPORT + StreamReport.LENGTH);
        if (claim < 0)
        {
            // Keep the stream until the conductor can hear about it; the next scan tries again.
            stream.closePending = true;
            return;
        }
        stream.closePending = false;
        io.unwatch(stream);
        streams.deactivate(stream);
        final MutableDirectBuffer buffer = reports.buffer();
        buffer.putInt(claim, worker);
        buffer.putInt(claim + 4, stream.slot);
        writeReport(stream, buffer, claim + RelayMessages.CLOSED_REPORT, StreamReport.KIND_FINAL, 0);
        reports.commit(claim);
    }

    private void onQuery(final RelayStream stream, final long correlationId)
    {
        if (!stream.active)
        {
            return;
        }
        final int claim = reports.tryClaim(RelayMessages.REPORT, StreamReport.LENGTH);
        if (claim >= 0)
        {
            writeReport(stream, reports.buffer(), claim, StreamReport.KIND_QUERY, correlationId);
            reports.commit(claim);
        }
    }

    private void writeReport(final RelayStream stream, final MutableDirectBuffer buffer, final int at, final int kind,
        final long correlationId)
    {
        report.wrapForWrite(buffer, at).head(stream.callRef, stream.mediaIndex, kind, correlationId);
        for (int direction = 0; direction < 2; direction++)
        {
            final StreamStats s = stream.stats[direction];
            report.direction(direction, s.packets, s.bytes, s.expected(), s.lost(), s.sprayed, s.jitterUs(),
                s.reportedJitterUs(), s.reportedFractionLost, s.mosX100());
        }
    }
}
