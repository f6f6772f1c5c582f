package io.softswitch.lcr.internal;

/**
 * Exact comparison of products of two {@code long}s, as signed 128-bit numbers: margins
 * ({@code margin * 10000} against {@code sell * basisPoints}) and costs per answered call
 * ({@code rateA * asrB} against {@code rateB * asrA}) are compared without overflow or rounding.
 */
public final class ExactProducts
{
    private ExactProducts()
    {
    }

    /**
     * Compares {@code a * b} with {@code c * d} exactly, as signed 128-bit products.
     *
     * @param a first factor of the left product.
     * @param b second factor of the left product.
     * @param c first factor of the right product.
     * @param d second factor of the right product.
     * @return negative, zero or positive as {@code a * b} is less than, equal to or greater than {@code c * d}.
     */
    public static int compare(final long a, final long b, final long c, final long d)
    {
        final long leftHigh = Math.multiplyHigh(a, b);
        final long rightHigh = Math.multiplyHigh(c, d);
        if (leftHigh != rightHigh)
        {
            return Long.compare(leftHigh, rightHigh);
        }
        return Long.compareUnsigned(a * b, c * d);
    }
}
