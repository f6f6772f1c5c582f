package io.softswitch.app;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The route blocks kept in PostgreSQL (table {@code route_block}, migration
 * {@code V2__route_blocks.sql}), so a block stays in force across restarts until it is lifted.
 * Thread-safe: each call takes its own connection.
 */
public final class RouteBlockStore
{
    private static final String LIST =
        "SELECT vendor, prefix, reason, created_at FROM route_block ORDER BY created_at, route_block_id";
    private static final String INSERT =
        "INSERT INTO route_block (vendor, prefix, reason, created_at) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT ((COALESCE(vendor, '')), (COALESCE(prefix, ''))) DO NOTHING";
    private static final String FIND =
        "SELECT vendor, prefix, reason, created_at FROM route_block " +
        "WHERE COALESCE(vendor, '') = ? AND COALESCE(prefix, '') = ?";
    private static final String DELETE =
        "DELETE FROM route_block WHERE COALESCE(vendor, '') = ? AND COALESCE(prefix, '') = ?";

    private final DataSource dataSource;
    private final Clock clock;

    /**
     * A store over a migrated database.
     *
     * @param dataSource the database.
     * @param clock      the wall clock of {@code created_at}.
     */
    public RouteBlockStore(final DataSource dataSource, final Clock clock)
    {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Every block in force, oldest first.
     *
     * @return the blocks.
     * @throws IllegalStateException when the database cannot be read.
     */
    public List<RouteBlock> list()
    {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LIST);
             ResultSet rows = statement.executeQuery())
        {
            final List<RouteBlock> blocks = new ArrayList<>();
            while (rows.next())
            {
                blocks.add(block(rows));
            }
            return blocks;
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot list route blocks: " + ex.getMessage(), ex);
        }
    }

    /**
     * Sets a block. Blocking a target already blocked keeps the first block, its time and reason.
     *
     * @param vendor vendor trunk name, or {@code null} for every vendor.
     * @param prefix leading digits, or {@code null} for every number.
     * @param reason why, or {@code null}.
     * @return the block in force for that target.
     * @throws IllegalStateException when the database cannot be written.
     */
    public RouteBlock add(final String vendor, final String prefix, final String reason)
    {
        try (Connection connection = dataSource.getConnection())
        {
            try (PreparedStatement insert = connection.prepareStatement(INSERT))
            {
                insert.setString(1, vendor);
                insert.setString(2, prefix);
                insert.setString(3, reason);
                insert.setObject(4, OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS),
                    ZoneOffset.UTC));
                insert.executeUpdate();
            }
            try (PreparedStatement find = target(connection, FIND, vendor, prefix);
                 ResultSet rows = find.executeQuery())
            {
                if (!rows.next())
                {
                    throw new IllegalStateException("route block vanished: vendor=" + vendor + " prefix=" + prefix);
                }
                return block(rows);
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot store route block: vendor=" + vendor + " prefix=" + prefix +
                ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Lifts a block.
     *
     * @param vendor vendor trunk name, or {@code null}.
     * @param prefix leading digits, or {@code null}.
     * @return true when a block was lifted, false when there was none for that target.
     * @throws IllegalStateException when the database cannot be written.
     */
    public boolean remove(final String vendor, final String prefix)
    {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = target(connection, DELETE, vendor, prefix))
        {
            return delete.executeUpdate() > 0;
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot lift route block: vendor=" + vendor + " prefix=" + prefix +
                ": " + ex.getMessage(), ex);
        }
    }

    private static PreparedStatement target(final Connection connection, final String sql, final String vendor,
        final String prefix) throws SQLException
    {
        final PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, vendor == null ? "" : vendor);
        statement.setString(2, prefix == null ? "" : prefix);
        return statement;
    }

    private static RouteBlock block(final ResultSet rows) throws SQLException
    {
        return new RouteBlock(rows.getString(1), rows.getString(2), rows.getString(3),
            rows.getObject(4, OffsetDateTime.class).toInstant());
    }
}
