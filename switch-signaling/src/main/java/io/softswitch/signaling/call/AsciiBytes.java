package io.softswitch.signaling.call;

/**
 * A reusable {@link CharSequence} over a fixed-capacity byte array of ASCII, for text a call keeps
 * past the message it came in (a minted Call-ID) without making a {@code String}.
 */
final class AsciiBytes implements CharSequence
{
    private final byte[] bytes;
    private int length;

    AsciiBytes(final int capacity)
    {
        bytes = new byte[capacity];
    }

    byte[] array()
    {
        return bytes;
    }

    void length(final int length)
    {
        this.length = Math.min(length, bytes.length);
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
        return (char)(bytes[index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().substring(start, end);
    }

    @Override
    public String toString()
    {
        return new String(bytes, 0, 0, length);
    }
}
