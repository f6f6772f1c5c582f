package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.SipBytes;
import io.softswitch.signaling.codec.SipMessageWriter;

/**
 * The Call-ID the switch mints for a vendor leg or a probe, as a reusable flyweight. It encodes
 * the owning loop, so that a vendor's responses and requests reach that loop without a lookup,
 * and the call's slot, generation and attempt, so that the loop finds the call by index.
 *
 * <pre>
 *   "sw" loop(2 hex) slot(8 hex) generation(8 hex) attempt(2 hex) epoch(8 hex)   = 30 bytes
 * </pre>
 * A probe uses slot {@link #PROBE_SLOT} and the vendor's index as generation. The epoch is random
 * per start of the switch so that Call-IDs do not repeat across restarts.
 */
final class CallId
{
    static final int LENGTH = 30;
    static final int PROBE_SLOT = -1;

    int loop;
    int slot;
    int generation;
    int attempt;
    int epoch;

    CallId set(final int loop, final int slot, final int generation, final int attempt, final int epoch)
    {
        this.loop = loop;
        this.slot = slot;
        this.generation = generation;
        this.attempt = attempt;
        this.epoch = epoch;
        return this;
    }

    void write(final SipMessageWriter out)
    {
        out.append('s').append('w')
            .appendHex(loop, 2)
            .appendHex(slot & 0xFFFFFFFFL, 8)
            .appendHex(generation & 0xFFFFFFFFL, 8)
            .appendHex(attempt, 2)
            .appendHex(epoch & 0xFFFFFFFFL, 8);
    }

    /**
     * Writes the Call-ID as text a call keeps for its record.
     *
     * @param into where to write; at least {@link #LENGTH} bytes.
     */
    void write(final AsciiBytes into)
    {
        final byte[] bytes = into.array();
        bytes[0] = 's';
        bytes[1] = 'w';
        hex(bytes, 2, loop, 2);
        hex(bytes, 4, slot & 0xFFFFFFFFL, 8);
        hex(bytes, 12, generation & 0xFFFFFFFFL, 8);
        hex(bytes, 20, attempt, 2);
        hex(bytes, 22, epoch & 0xFFFFFFFFL, 8);
        into.length(LENGTH);
    }

    private static void hex(final byte[] into, final int offset, final long value, final int digits)
    {
        for (int i = 0; i < digits; i++)
        {
            into[offset + i] = (byte)Character.forDigit((int)((value >>> ((digits - 1 - i) * 4)) & 0xF), 16);
        }
    }

    /**
     * Reads a Call-ID minted by this switch run.
     *
     * @param buffer the bytes.
     * @param offset where the Call-ID starts.
     * @param length its length.
     * @param epoch  this run's epoch.
     * @return true when it is ours, with the fields filled in.
     */
    boolean decode(final ByteBuf buffer, final int offset, final int length, final int epoch)
    {
        if (length != LENGTH || buffer.getByte(offset) != 's' || buffer.getByte(offset + 1) != 'w')
        {
            return false;
        }
        final long parsedLoop = SipBytes.readHex(buffer, offset + 2, 2);
        final long parsedSlot = SipBytes.readHex(buffer, offset + 4, 8);
        final long parsedGeneration = SipBytes.readHex(buffer, offset + 12, 8);
        final long parsedAttempt = SipBytes.readHex(buffer, offset + 20, 2);
        final long parsedEpoch = SipBytes.readHex(buffer, offset + 22, 8);
        if (parsedLoop < 0 || parsedSlot < 0 || parsedGeneration < 0 || parsedAttempt < 0 ||
            (int)parsedEpoch != epoch)
        {
            return false;
        }
        set((int)parsedLoop, (int)parsedSlot, (int)parsedGeneration, (int)parsedAttempt, epoch);
        return true;
    }
}
