package io.softswitch.app;

import io.softswitch.app.config.TrunkDefinitions;
import io.softswitch.ratedeck.DeckDirection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The trunks in PostgreSQL (table {@code trunk}): one definition per trunk, as text in the form of
 * a configuration file item, seeded once from the file ({@code trunk_seed}) and changed by the
 * admin API. Order is creation order; a replaced trunk keeps its place.
 */
public final class TrunkStore
{
    private final DataSource dataSource;

    /**
     * Creates the store over a migrated database.
     *
     * @param dataSource the database.
     */
    public TrunkStore(final DataSource dataSource)
    {
        this.dataSource = dataSource;
    }

    /**
     * One stored trunk.
     *
     * @param name       its name.
     * @param side       customer or vendor.
     * @param definition its definition.
     */
    public record StoredTrunk(String name, DeckDirection side, String definition)
    {
    }

    /**
     * Seeds the table from a configuration file's trunks unless it was seeded before.
     *
     * @param definitions the file's trunk definitions.
     * @param source      the file, recorded with the seed.
     * @return true when this call seeded the table.
     */
    public boolean seedOnce(final TrunkDefinitions definitions, final String source)
    {
        try (Connection connection = dataSource.getConnection())
        {
            connection.setAutoCommit(false);
            try (PreparedStatement mark = connection.prepareStatement(
                "INSERT INTO trunk_seed (source) VALUES (?) ON CONFLICT DO NOTHING"))
            {
                mark.setString(1, source);
                if (mark.executeUpdate() == 0)
                {
                    connection.rollback();
                    return false;
                }
            }
            insertAll(connection, definitions.customers(), DeckDirection.CUSTOMER);
            insertAll(connection, definitions.vendors(), DeckDirection.VENDOR);
            connection.commit();
            return true;
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot seed trunks from " + source, ex);
        }
    }

    private static void insertAll(final Connection connection, final Map<String, String> definitions,
        final DeckDirection side) throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO trunk (name, side, definition) VALUES (?, ?, ?)"))
        {
            for (final Map.Entry<String, String> definition : definitions.entrySet())
            {
                insert.setString(1, definition.getKey());
                insert.setString(2, side.name().toLowerCase(Locale.ROOT));
                insert.setString(3, definition.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Every stored trunk, in creation order.
     *
     * @return the trunks.
     */
    public List<StoredTrunk> list()
    {
        final List<StoredTrunk> trunks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT name, side, definition FROM trunk ORDER BY trunk_id");
             ResultSet rows = select.executeQuery())
        {
            while (rows.next())
            {
                trunks.add(new StoredTrunk(rows.getString(1),
                    DeckDirection.valueOf(rows.getString(2).toUpperCase(Locale.ROOT)), rows.getString(3)));
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot read trunks", ex);
        }
        return trunks;
    }

    /**
     * Creates or replaces a trunk's definition.
     *
     * @param trunk the trunk.
     * @return true when it was created, false when replaced.
     */
    public boolean put(final StoredTrunk trunk)
    {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(
                 "INSERT INTO trunk (name, side, definition) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE "
                     + "SET definition = EXCLUDED.definition, updated_at = now() WHERE trunk.side = EXCLUDED.side "
                     + "RETURNING (xmax = 0)"))
        {
            upsert.setString(1, trunk.name());
            upsert.setString(2, trunk.side().name().toLowerCase(Locale.ROOT));
            upsert.setString(3, trunk.definition());
            try (ResultSet rows = upsert.executeQuery())
            {
                if (!rows.next())
                {
                    throw new IllegalStateException("trunk is on the other side: name=" + trunk.name());
                }
                return rows.getBoolean(1);
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot store trunk: name=" + trunk.name(), ex);
        }
    }

    /**
     * Removes a trunk.
     *
     * @param name its name.
     * @return true when it existed.
     */
    public boolean remove(final String name)
    {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM trunk WHERE name = ?"))
        {
            delete.setString(1, name);
            return delete.executeUpdate() > 0;
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot remove trunk: name=" + name, ex);
        }
    }
}
