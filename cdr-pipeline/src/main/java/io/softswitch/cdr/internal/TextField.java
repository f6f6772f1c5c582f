package io.softswitch.cdr.internal;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * A bounded, reusable text field of a CDR: the characters of a {@link CharSequence} kept as
 * single bytes in an array allocated once, written to and read from a journal record as a
 * 16-bit length followed by the bytes.
 *
 * <p>SIP Call-IDs, numbers, trunk names and prefixes are ASCII; a character above U+00FF is
 * stored as {@code '?'} (never seen in practice, and a CDR must not fail for it). Text longer
 * than the capacity is cut at the capacity and {@link #truncated()} says so.
 */
public final class TextField
{
    private final byte[] bytes;
    private int length;
    private boolean truncated;

    /**
     * Creates an empty field.
     *
     * @param capacity most bytes kept (at most 65535).
     */
    public TextField(final int capacity)
    {
        if (capacity < 1 || capacity > 0xFFFF)
        {
            throw new IllegalArgumentException("bad capacity: capacity=" + capacity);
        }
        this.bytes = new byte[capacity];
    }

    /**
     * Copies text in (allocation-free).
     *
     * @param text the text; {@code null} is stored as empty.
     */
    public void set(final CharSequence text)
    {
        if (text == null)
        {
            length = 0;
            truncated = false;
            return;
        }
        final int n = Math.min(text.length(), bytes.length);
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            bytes[i] = c <= 0xFF ? (byte)c : (byte)'?';
        }
        length = n;
        truncated = text.length() > n;
    }

    /**
     * Empties the field.
     */
    public void clear()
    {
        length = 0;
        truncated = false;
    }

    /**
     * Whether the last text set was longer than the capacity.
     *
     * @return true when cut.
     */
    public boolean truncated()
    {
        return truncated;
    }

    /**
     * The number of bytes held.
     *
     * @return the length.
     */
    public int length()
    {
        return length;
    }

    /**
     * Writes the field as a 16-bit length and the bytes.
     *
     * @param out where to write.
     */
    public void writeTo(final BytesOut<?> out)
    {
        out.writeUnsignedShort(length);
        out.write(bytes, 0, length);
    }

    /**
     * Reads a field written by {@link #writeTo}; text longer than this field's capacity is cut.
     *
     * @param in where to read.
     */
    public void readFrom(final BytesIn<?> in)
    {
        final int stored = in.readUnsignedShort();
        final int kept = Math.min(stored, bytes.length);
        in.read(bytes, 0, kept);
        if (stored > kept)
        {
            in.readSkip(stored - kept);
        }
        length = kept;
        truncated = stored > kept;
    }

    /**
     * Whether the field holds exactly this text.
     *
     * @param text the text.
     * @return true when equal byte for character.
     */
    public boolean contentEquals(final CharSequence text)
    {
        if (text.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if ((bytes[i] & 0xFF) != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The text as a new string: off the call path only (the billing tailer, tests).
     *
     * @return the text.
     */
    @Override
    public String toString()
    {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
