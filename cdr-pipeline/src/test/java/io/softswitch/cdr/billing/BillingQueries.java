package io.softswitch.cdr.billing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Query results as {@code a|b|c} lines, for assertions on stored rows.
 */
public final class BillingQueries
{
    private BillingQueries()
    {
    }

    /**
     * Runs a query.
     *
     * @param dataSource the database.
     * @param sql        the query.
     * @return one line per row, columns joined by {@code |}, numbers in plain notation.
     * @throws SQLException when the query fails.
     */
    public static List<String> query(final DataSource dataSource, final String sql) throws SQLException
    {
        final List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
            Statement statement = connection.createStatement();
            ResultSet result = statement.executeQuery(sql))
        {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next())
            {
                final StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++)
                {
                    final Object value = result.getObject(i);
                    row.append(i > 1 ? "|" : "").append(value instanceof BigDecimal d ? d.toPlainString() : value);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
