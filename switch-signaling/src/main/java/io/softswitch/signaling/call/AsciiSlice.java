package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;

/**
 * A reusable {@link CharSequence} over ASCII bytes of a buffer, to hand a slice of a message to
 * APIs that take text (trunk matching, number rules) without making a {@code String}.
 */
final class AsciiSlice implements CharSequence
{
    private ByteBuf buffer;
    private int offset;
    private int length;

    AsciiSlice wrap(final ByteBuf buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = Math.max(0, length);
        return this;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException("index=" + index + " length=" + length);
        }
        return (char)(buffer.getByte(offset + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().substring(start, end);
    }

    @Override
    public String toString()
    {
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)(buffer.getByte(offset + i) & 0xFF);
        }
        return new String(chars);
    }
}
