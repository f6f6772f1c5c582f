package io.softswitch.signaling.call;

/**
 * The first digits of a call's number, as the deck prefix a route matched: a reusable view over
 * the normalised number, so that the call record names a prefix without copying it.
 */
final class NumberPrefix implements CharSequence
{
    private CharSequence number = "";
    private int length;

    /**
     * Points the view at the first {@code digits} characters of a number.
     *
     * @param source the normalised number; null reads as empty.
     * @param digits how many leading digits the prefix covers, clamped to the number.
     */
    void wrap(final CharSequence source, final int digits)
    {
        number = source == null ? "" : source;
        length = Math.clamp(digits, 0, number.length());
    }

    /**
     * Empties the view and lets go of the number.
     */
    void clear()
    {
        number = "";
        length = 0;
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
        return number.charAt(index);
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        if (start < 0 || end > length || start > end)
        {
            throw new IndexOutOfBoundsException("start=" + start + " end=" + end + " length=" + length);
        }
        return number.subSequence(start, end);
    }

    @Override
    public String toString()
    {
        return number.subSequence(0, length).toString();
    }
}
