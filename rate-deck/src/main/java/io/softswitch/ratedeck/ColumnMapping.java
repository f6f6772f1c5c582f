package io.softswitch.ratedeck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which CSV column holds which {@link DeckField}: a named preset or a custom mapping.
 *
 * <p>Presets:
 * <ul>
 *   <li>{@code generic}: the first line is a header; every header cell must name a field (see
 *       {@link DeckField} for the names recognised), a cell that names none is an
 *       {@link RowProblem#UNKNOWN_COLUMN} error. Use a custom mapping to ignore extra columns.</li>
 *   <li>{@code code-first}: positional {@code prefix, destination, rate, effective_from, increments}
 *       (the last two optional), e.g. {@code 44,United Kingdom,0.0123,2026-01-01,60/60}.</li>
 *   <li>{@code destination-first}: positional {@code destination, prefix, rate, connect_fee,
 *       first_increment, next_increment, minimum_duration, effective_from, effective_until}
 *       (all after the rate optional).</li>
 * </ul>
 * A custom mapping is {@code field=column[,field=column...]} with a field key from
 * {@link DeckField#key()} and a column given by header name (case-insensitive) or 1-based index;
 * columns it does not name are ignored. A positional preset or an all-index custom mapping treats
 * the first line as a header when neither its prefix nor its rate cell holds a digit.
 */
public final class ColumnMapping
{
    /** Preset: header row naming the fields. */
    public static final String GENERIC = "generic";
    /** Preset: positional, dial code first. */
    public static final String CODE_FIRST = "code-first";
    /** Preset: positional, destination first, every field. */
    public static final String DESTINATION_FIRST = "destination-first";

    private static final int ABSENT = -1;

    private final String spec;
    private final boolean generic;
    private final Map<DeckField, Integer> byIndex;
    private final Map<DeckField, String> byName;

    private ColumnMapping(
        final String spec,
        final boolean generic,
        final Map<DeckField, Integer> byIndex,
        final Map<DeckField, String> byName)
    {
        this.spec = spec;
        this.generic = generic;
        this.byIndex = byIndex;
        this.byName = byName;
    }

    /**
     * The mapping a preset name or custom specification gives.
     *
     * @param spec {@code generic}, {@code code-first}, {@code destination-first}, or
     *             {@code field=column,...}.
     * @return the mapping.
     * @throws IllegalArgumentException for an unknown preset or field, a bad index, or a field
     *                                  given twice.
     */
    public static ColumnMapping parse(final String spec)
    {
        final String trimmed = spec.trim();
        switch (trimmed.toLowerCase(Locale.ROOT))
        {
            case GENERIC:
                return new ColumnMapping(GENERIC, true, new EnumMap<>(DeckField.class), new EnumMap<>(DeckField.class));
            case CODE_FIRST:
                return positional(CODE_FIRST, DeckField.PREFIX, DeckField.DESTINATION, DeckField.RATE,
                    DeckField.EFFECTIVE_FROM, DeckField.INCREMENTS);
            case DESTINATION_FIRST:
                return positional(DESTINATION_FIRST, DeckField.DESTINATION, DeckField.PREFIX, DeckField.RATE,
                    DeckField.CONNECT_FEE, DeckField.FIRST_INCREMENT, DeckField.NEXT_INCREMENT,
                    DeckField.MINIMUM_DURATION, DeckField.EFFECTIVE_FROM, DeckField.EFFECTIVE_UNTIL);
            default:
                return custom(trimmed);
        }
    }

    private static ColumnMapping positional(final String name, final DeckField... fields)
    {
        final Map<DeckField, Integer> byIndex = new EnumMap<>(DeckField.class);
        for (int i = 0; i < fields.length; i++)
        {
            byIndex.put(fields[i], i);
        }
        return new ColumnMapping(name, false, byIndex, new EnumMap<>(DeckField.class));
    }

    private static ColumnMapping custom(final String spec)
    {
        if (!spec.contains("="))
        {
            throw new IllegalArgumentException("unknown mapping preset: mapping=" + spec
                + " presets=" + GENERIC + "," + CODE_FIRST + "," + DESTINATION_FIRST);
        }
        final Map<DeckField, Integer> byIndex = new EnumMap<>(DeckField.class);
        final Map<DeckField, String> byName = new EnumMap<>(DeckField.class);
        for (final String part : spec.split(","))
        {
            final int equals = part.indexOf('=');
            if (equals < 0)
            {
                throw new IllegalArgumentException("mapping entry is not field=column: entry=" + part.trim());
            }
            final DeckField field = DeckField.byKey(part.substring(0, equals));
            if (field == null)
            {
                throw new IllegalArgumentException("unknown field in mapping: field=" + part.substring(0, equals).trim()
                    + " fields=" + Arrays.stream(DeckField.values()).map(DeckField::key).toList());
            }
            if (byIndex.containsKey(field) || byName.containsKey(field))
            {
                throw new IllegalArgumentException("field mapped twice: field=" + field.key());
            }
            final String column = part.substring(equals + 1).trim();
            if (column.isEmpty())
            {
                throw new IllegalArgumentException("empty column in mapping: field=" + field.key());
            }
            if (column.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                final int index = Integer.parseInt(column);
                if (index < 1)
                {
                    throw new IllegalArgumentException("column index is 1-based: field=" + field.key() + " column=" + column);
                }
                byIndex.put(field, index - 1);
            }
            else
            {
                byName.put(field, column);
            }
        }
        final boolean combined = byIndex.containsKey(DeckField.INCREMENTS) || byName.containsKey(DeckField.INCREMENTS);
        final boolean split = byIndex.containsKey(DeckField.FIRST_INCREMENT) || byName.containsKey(DeckField.FIRST_INCREMENT)
            || byIndex.containsKey(DeckField.NEXT_INCREMENT) || byName.containsKey(DeckField.NEXT_INCREMENT);
        if (combined && split)
        {
            throw new IllegalArgumentException("increments mapped both as one column and as two: mapping=" + spec);
        }
        return new ColumnMapping(spec, false, byIndex, byName);
    }

    /**
     * The mapping as given: a preset name or the custom specification; stored with each version.
     *
     * @return the specification.
     */
    public String spec()
    {
        return spec;
    }

    /**
     * Where each field is in a file whose first record is given, and what is wrong with that.
     *
     * @param firstRecord cells of the file's first record.
     * @return the columns per field and the mapping's problems with this file.
     */
    public Resolution resolve(final List<String> firstRecord)
    {
        final int[] columns = new int[DeckField.values().length];
        Arrays.fill(columns, ABSENT);
        final List<String> unknownColumns = new ArrayList<>();
        final boolean header;
        if (generic)
        {
            header = true;
            for (int i = 0; i < firstRecord.size(); i++)
            {
                final String cell = firstRecord.get(i).trim();
                if (cell.isEmpty())
                {
                    continue;
                }
                final DeckField field = DeckField.byHeader(cell);
                if (field == null || columns[field.ordinal()] != ABSENT)
                {
                    unknownColumns.add(cell);
                }
                else
                {
                    columns[field.ordinal()] = i;
                }
            }
        }
        else
        {
            byIndex.forEach((field, index) -> columns[field.ordinal()] = index);
            if (byName.isEmpty())
            {
                header = looksLikeHeader(firstRecord, columns);
            }
            else
            {
                header = true;
                byName.forEach((field, name) ->
                {
                    final int index = indexOfIgnoreCase(firstRecord, name);
                    if (index == ABSENT)
                    {
                        unknownColumns.add(name);
                    }
                    columns[field.ordinal()] = index;
                });
            }
        }
        if (columns[DeckField.INCREMENTS.ordinal()] != ABSENT
            && (columns[DeckField.FIRST_INCREMENT.ordinal()] != ABSENT || columns[DeckField.NEXT_INCREMENT.ordinal()] != ABSENT))
        {
            unknownColumns.add(firstRecord.get(columns[DeckField.INCREMENTS.ordinal()]).trim());
            columns[DeckField.INCREMENTS.ordinal()] = ABSENT;
        }
        final List<DeckField> unmappedRequired = new ArrayList<>();
        for (final DeckField field : DeckField.values())
        {
            if (field.required() && columns[field.ordinal()] == ABSENT && !unknownColumns.contains(byName.get(field)))
            {
                unmappedRequired.add(field);
            }
        }
        return new Resolution(columns, header, List.copyOf(unknownColumns), List.copyOf(unmappedRequired));
    }

    private static boolean looksLikeHeader(final List<String> record, final int[] columns)
    {
        return !hasDigit(record, columns[DeckField.PREFIX.ordinal()]) && !hasDigit(record, columns[DeckField.RATE.ordinal()]);
    }

    private static boolean hasDigit(final List<String> record, final int column)
    {
        return column != ABSENT && column < record.size() && record.get(column).chars().anyMatch(c -> c >= '0' && c <= '9');
    }

    private static int indexOfIgnoreCase(final List<String> record, final String name)
    {
        for (int i = 0; i < record.size(); i++)
        {
            if (record.get(i).trim().equalsIgnoreCase(name))
            {
                return i;
            }
        }
        return ABSENT;
    }

    @Override
    public String toString()
    {
        return spec;
    }

    /**
     * A mapping applied to one file: the 0-based column of each field (-1 when absent), whether
     * the first record is a header, and the mapping's problems with that file.
     *
     * @param columns          column per {@link DeckField#ordinal()}, -1 when the file has none.
     * @param firstIsHeader    whether the first record is a header, not a row.
     * @param unknownColumns   header cells no field matches, or mapped names the header lacks.
     * @param unmappedRequired required fields without a column.
     */
    public record Resolution(int[] columns, boolean firstIsHeader, List<String> unknownColumns, List<DeckField> unmappedRequired)
    {
        /**
         * The column of a field.
         *
         * @param field the field.
         * @return its 0-based column, or -1 when the file has none.
         */
        public int column(final DeckField field)
        {
            return columns[field.ordinal()];
        }
    }
}
