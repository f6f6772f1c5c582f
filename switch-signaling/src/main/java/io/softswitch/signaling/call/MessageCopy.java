package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;

/**
 * Room for a copy of one SIP message in native memory wrapped the way the receive path wraps its
 * own ({@code Unpooled.wrappedBuffer} of a direct {@code ByteBuffer}), kept from use to use and
 * grown only for a longer message than it has held.
 *
 * <p>Why the same wrapping: the parser reads bytes through {@code ByteBuf.getByte}, and a call
 * site that has seen three buffer classes (the receive memory, a heap copy, a pooled buffer) is
 * one the JIT no longer inlines; a profile of the loops found those reads going through vtable
 * stubs. Messages of another loop's call and stored messages parsed again are copied here, so
 * the parser sees one buffer class on the UDP path. Not thread-safe: one user at a time.
 */
final class MessageCopy
{
    private ByteBuf bytes;

    /**
     * Creates the room.
     *
     * @param initialBytes the first capacity; most SIP messages fit in 2 KB.
     */
    MessageCopy(final int initialBytes)
    {
        bytes = wrap(initialBytes);
    }

    /**
     * Copies a message in, over what was there.
     *
     * @param message the buffer holding it; only read.
     * @param index   where it starts.
     * @param length  its length.
     * @return the copy, readable from 0 to {@code length}; valid until the next copy.
     */
    ByteBuf copy(final ByteBuf message, final int index, final int length)
    {
        if (length > bytes.capacity())
        {
            bytes = wrap(Math.max(length, bytes.capacity() * 2));
        }
        bytes.setBytes(0, message, index, length);
        bytes.setIndex(0, length);
        return bytes;
    }

    /**
     * The copy made last.
     *
     * @return the buffer.
     */
    ByteBuf bytes()
    {
        return bytes;
    }

    private static ByteBuf wrap(final int capacity)
    {
        final ByteBuf wrapped = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(capacity));
        wrapped.clear();
        return wrapped;
    }
}
