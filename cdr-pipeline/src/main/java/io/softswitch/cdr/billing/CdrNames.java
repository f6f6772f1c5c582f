package io.softswitch.cdr.billing;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The billing writer's copy of {@code cdr_name} (migration V8_7), the dictionary that gives each
 * trunk name and destination the integer id the aggregates are keyed by. Names are only ever
 * added, so an id once committed stands for its name for good: the copy asks the database only
 * for names it has not seen, and adds them in a short transaction of its own before the batch
 * that needs them (as {@link CdrPartitions} does with day partitions), so that a batch that rolls
 * back never leaves an id in the copy that the database does not have.
 */
final class CdrNames
{
    private static final String ADD = "INSERT INTO cdr_name (name) SELECT n FROM unnest(?::text[]) AS n ORDER BY 1 " +
        "ON CONFLICT (name) DO NOTHING";
    private static final String LOOK_UP = "SELECT id, name FROM cdr_name WHERE name = ANY (?::text[])";

    private final Map<String, Integer> ids = new HashMap<>();

    /**
     * Makes sure every name has an id in the copy, adding those the database does not have yet.
     * Commits what the connection's transaction holds, so it must be called before a batch's
     * statements.
     *
     * @param connection a connection with auto-commit off.
     * @param names      the names a batch uses.
     * @throws SQLException when the names cannot be added or read.
     */
    void ensure(final Connection connection, final Set<String> names) throws SQLException
    {
        final List<String> missing = new ArrayList<>();
        for (final String name : names)
        {
            if (!ids.containsKey(name))
            {
                missing.add(name);
            }
        }
        if (missing.isEmpty())
        {
            return;
        }
        // Sorted, so that two nodes adding the same new names take their locks in the same order.
        Collections.sort(missing);
        final Map<String, Integer> found = new HashMap<>();
        try
        {
            final Array array = connection.createArrayOf("text", missing.toArray());
            try (PreparedStatement add = connection.prepareStatement(ADD);
                PreparedStatement lookUp = connection.prepareStatement(LOOK_UP))
            {
                add.setArray(1, array);
                add.executeUpdate();
                lookUp.setArray(1, array);
                try (ResultSet rows = lookUp.executeQuery())
                {
                    while (rows.next())
                    {
                        found.put(rows.getString(2), rows.getInt(1));
                    }
                }
            }
            connection.commit();
        }
        catch (final SQLException ex)
        {
            connection.rollback();
            throw ex;
        }
        if (found.size() != missing.size())
        {
            throw new IllegalStateException("names without an id: asked=" + missing.size() + " found=" + found.size());
        }
        ids.putAll(found);
    }

    /**
     * The id of a name given to {@link #ensure}.
     *
     * @param name the name.
     * @return its id.
     */
    int id(final String name)
    {
        final Integer id = ids.get(name);
        if (id == null)
        {
            throw new IllegalStateException("name not ensured: name=" + name);
        }
        return id;
    }

    /**
     * Forgets every id (after a reconnect: a crash of PostgreSQL may have lost the last commits,
     * names with them).
     */
    void forget()
    {
        ids.clear();
    }
}
