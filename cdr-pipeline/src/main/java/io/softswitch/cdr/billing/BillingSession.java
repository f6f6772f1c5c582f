package io.softswitch.cdr.billing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The billing writer's database session: how its connection is set up, and the journal positions
 * it resumes from.
 */
final class BillingSession
{
    /** The {@code application_name} of billing's database session. */
    static final String APPLICATION_NAME = "softswitch-billing";
    private static final long LOCK_TIMEOUT_MS = 5_000;
    private static final long STATEMENT_TIMEOUT_MS = 120_000;
    private static final String LOAD_POSITIONS = "SELECT queue, last_index FROM cdr_journal_position WHERE node_id = ?";

    private BillingSession()
    {
    }

    /**
     * Opens a connection for billing: explicit transactions, bounded waits, asynchronous commits,
     * and a server process at the lowest CPU priority when it runs on this machine.
     *
     * @param dataSource the billing database.
     * @return the connection.
     * @throws SQLException when the database cannot be reached.
     */
    static Connection open(final DataSource dataSource) throws SQLException
    {
        final Connection c = dataSource.getConnection();
        try (Statement session = c.createStatement())
        {
            // A table locked by a long report, or a stuck server, fails the batch after a while
            // instead of holding it: the backlog is measured again and the batch retried.
            session.execute("SET lock_timeout = '" + LOCK_TIMEOUT_MS + "ms'");
            session.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT_MS + "ms'");
            // Exactly once does not need each commit on disk before the next batch: a batch's
            // rows and its journal position are in one transaction, so a crash of PostgreSQL
            // that loses the last commits loses both together, and billing resumes from the
            // older position and writes those calls again, once (the journal still has them).
            session.execute("SET synchronous_commit = off");
            // Named, so that an operator sees billing's session in pg_stat_activity.
            session.execute("SET application_name = '" + APPLICATION_NAME + "'");
            try (ResultSet backend = session.executeQuery("SELECT pg_backend_pid()"))
            {
                if (backend.next())
                {
                    BackgroundPriority.lowerBackend(backend.getInt(1));
                }
            }
            c.setAutoCommit(false);
            return c;
        }
        catch (final SQLException ex)
        {
            c.close();
            throw ex;
        }
    }

    /**
     * A node's committed positions, in a transaction of their own.
     *
     * @param c      the connection.
     * @param nodeId the node.
     * @return per queue, the index of the last record committed.
     * @throws SQLException when they cannot be read.
     */
    static Map<String, Long> positions(final Connection c, final String nodeId) throws SQLException
    {
        final Map<String, Long> stored = new HashMap<>();
        try (PreparedStatement statement = c.prepareStatement(LOAD_POSITIONS))
        {
            statement.setString(1, nodeId);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    stored.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        c.commit();
        return stored;
    }
}
