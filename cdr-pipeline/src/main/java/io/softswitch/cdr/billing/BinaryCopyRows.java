package io.softswitch.cdr.billing;

import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Builds the data of a PostgreSQL {@code COPY ... FROM STDIN (FORMAT binary)}: the server stores
 * each value as sent instead of parsing text (timestamps, decimals), which is a good part of a
 * text COPY's cost. Each value is written in its column's exact binary type, so the methods are
 * named for the types: {@code int4}, {@code int8}, {@code timestamptz}, {@code numeric},
 * {@code text}, {@code bool}; a row is as many values as the COPY names columns.
 *
 * <p>Layout (PostgreSQL manual, COPY, "Binary Format"): the 11-byte signature, flags and header
 * extension length; per row a 16-bit field count and per field a 32-bit length (-1 for null) and
 * the bytes; a 16-bit -1 at the end. Numbers are big-endian.
 */
final class BinaryCopyRows
{
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte)0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
    private static final long POSTGRES_EPOCH_MS = 946_684_800_000L;
    private static final int NUMERIC_NEGATIVE = 0x4000;
    /** Money is NUMERIC(.., 6): micro-units. */
    private static final int MONEY_SCALE = 6;

    private final short columns;
    /** Scratch for {@link #numeric(long)}: a row allocates nothing. */
    private final short[] numericGroups = new short[8];
    private final short[] numericWholeGroups = new short[5];
    private byte[] bytes = new byte[1 << 16];
    private int size;
    private int inRow;
    private int rows;

    /**
     * @param columns the values per row.
     */
    BinaryCopyRows(final int columns)
    {
        this.columns = (short)columns;
        put(SIGNATURE, 0, SIGNATURE.length);
        putInt(0);
        putInt(0);
    }

    BinaryCopyRows int2(final int value)
    {
        field(2);
        putShort(value);
        return this;
    }

    BinaryCopyRows int4(final int value)
    {
        field(4);
        putInt(value);
        return this;
    }

    BinaryCopyRows int8(final long value)
    {
        field(8);
        putLong(value);
        return this;
    }

    BinaryCopyRows bool(final boolean value)
    {
        field(1);
        ensure(1);
        bytes[size++] = (byte)(value ? 1 : 0);
        return this;
    }

    BinaryCopyRows text(final String value)
    {
        final int length = value.length();
        for (int i = 0; i < length; i++)
        {
            if (value.charAt(i) >= 0x80)
            {
                final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                field(utf8.length);
                put(utf8, 0, utf8.length);
                return this;
            }
        }
        // ASCII (trunk names, numbers, Call-IDs, codes): the chars are the UTF-8 bytes, copied
        // without an intermediate array.
        field(length);
        ensure(length);
        for (int i = 0; i < length; i++)
        {
            bytes[size++] = (byte)value.charAt(i);
        }
        return this;
    }

    /** SQL NULL, in a column of any type. */
    BinaryCopyRows sqlNull()
    {
        startValue();
        putInt(-1);
        return this;
    }

    /** A timestamp, or null when {@code epochMs} is 0 (the event did not happen). */
    BinaryCopyRows timestamptzOrNull(final long epochMs)
    {
        return epochMs == 0 ? sqlNull() : timestamptz(epochMs);
    }

    BinaryCopyRows timestamptz(final long epochMs)
    {
        field(8);
        putLong(Math.multiplyExact(epochMs - POSTGRES_EPOCH_MS, 1_000L));
        return this;
    }

    /**
     * A micro-unit amount as a NUMERIC of scale 6: base-10,000 digit groups, the integer part's
     * groups then two for the six decimals (padded to eight), leading and trailing zero groups left
     * out.
     */
    BinaryCopyRows numeric(final long micros)
    {
        final long magnitude = Math.abs(micros);
        if (magnitude < 0)
        {
            throw new ArithmeticException("amount out of range: micros=" + micros);
        }
        final short[] groups = numericGroups;
        int count = 0;
        long whole = magnitude / 1_000_000L;
        final long fraction = (magnitude % 1_000_000L) * 100L;
        final short[] wholeGroups = numericWholeGroups;
        int wholeCount = 0;
        while (whole > 0)
        {
            wholeGroups[wholeCount++] = (short)(whole % 10_000L);
            whole /= 10_000L;
        }
        for (int i = wholeCount - 1; i >= 0; i--)
        {
            groups[count++] = wholeGroups[i];
        }
        groups[count++] = (short)(fraction / 10_000L);
        groups[count++] = (short)(fraction % 10_000L);
        int first = 0;
        int weight = wholeCount - 1;
        while (first < count && groups[first] == 0)
        {
            first++;
            weight--;
        }
        int last = count;
        while (last > first && groups[last - 1] == 0)
        {
            last--;
        }
        final int digits = last - first;
        field(8 + 2 * digits);
        putShort(digits);
        putShort(digits == 0 ? 0 : weight);
        putShort(micros < 0 ? NUMERIC_NEGATIVE : 0);
        putShort(MONEY_SCALE);
        for (int i = first; i < last; i++)
        {
            putShort(groups[i]);
        }
        return this;
    }

    boolean isEmpty()
    {
        return rows == 0 && inRow == 0;
    }

    void endRow()
    {
        if (inRow != columns)
        {
            throw new IllegalStateException("row of " + inRow + " values for " + columns + " columns");
        }
        inRow = 0;
        rows++;
    }

    /**
     * Sends the rows by {@code COPY}.
     *
     * @param connection the connection (in the caller's transaction).
     * @param sql        {@code COPY table (columns) FROM STDIN (FORMAT binary)}.
     * @throws SQLException when the server refuses them.
     */
    void copy(final Connection connection, final String sql) throws SQLException
    {
        if (inRow != 0)
        {
            throw new IllegalStateException("row not ended");
        }
        ensure(2);
        putShort(-1);
        try
        {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(bytes, 0, size));
        }
        catch (final IOException ex)
        {
            throw new SQLException("COPY failed: " + ex.getMessage(), ex);
        }
        finally
        {
            size -= 2;
        }
    }

    private void field(final int length)
    {
        startValue();
        putInt(length);
    }

    private void startValue()
    {
        if (inRow == 0)
        {
            putShort(columns);
        }
        inRow++;
    }

    private void putShort(final int value)
    {
        ensure(2);
        bytes[size++] = (byte)(value >>> 8);
        bytes[size++] = (byte)value;
    }

    private void putInt(final int value)
    {
        ensure(4);
        bytes[size++] = (byte)(value >>> 24);
        bytes[size++] = (byte)(value >>> 16);
        bytes[size++] = (byte)(value >>> 8);
        bytes[size++] = (byte)value;
    }

    private void putLong(final long value)
    {
        putInt((int)(value >>> 32));
        putInt((int)value);
    }

    private void put(final byte[] source, final int offset, final int length)
    {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    private void ensure(final int more)
    {
        if (size + more > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
