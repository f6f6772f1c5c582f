package io.softswitch.cdr.billing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer's copy of the name dictionary: one id per name for every node, ids committed before
 * the batch that uses them (a batch rolled back leaves them valid), and no id for a name it was
 * not asked to ensure.
 */
class CdrNamesTest
{
    private final DataSource database = BillingDatabases.newDatabase();

    @Test
    void shouldGiveTwoNodesTheSameIdForANameAndKeepItWhenTheBatchRollsBack() throws Exception
    {
        final CdrNames nodeA = new CdrNames();
        final CdrNames nodeB = new CdrNames();
        try (Connection a = BillingSession.open(database); Connection b = BillingSession.open(database))
        {
            nodeA.ensure(a, Set.of("acme", "vendor-a", "USA New York"));
            try (Statement batch = a.createStatement())
            {
                batch.execute("INSERT INTO cdr_hourly_total VALUES (now(), 1, 1, 1, 1, 1, 1, 1, 1)");
            }
            a.rollback();
            nodeB.ensure(b, Set.of("vendor-a", "vendor-b", ""));

            assertThat(nodeB.id("vendor-a")).isEqualTo(nodeA.id("vendor-a"));
            assertThat(Set.of(nodeA.id("acme"), nodeA.id("vendor-a"), nodeA.id("USA New York"), nodeB.id("vendor-b"),
                nodeB.id(""))).hasSize(5);
            assertThat(BillingQueries.query(database, "SELECT name FROM cdr_name WHERE id = " + nodeA.id("acme")))
                .containsExactly("acme");
            assertThat(BillingQueries.query(database, "SELECT count(*) FROM cdr_name")).containsExactly("5");
        }
    }

    @Test
    void shouldRefuseANameItWasNotAskedToEnsureAndForgetOnReconnect() throws Exception
    {
        final CdrNames names = new CdrNames();
        try (Connection c = BillingSession.open(database))
        {
            names.ensure(c, Set.of("acme"));
            final int acme = names.id("acme");
            assertThatThrownBy(() -> names.id("vendor-a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("name=vendor-a");

            names.forget();
            assertThatThrownBy(() -> names.id("acme")).isInstanceOf(IllegalStateException.class);
            names.ensure(c, Set.of("acme"));
            assertThat(names.id("acme")).isEqualTo(acme);
        }
    }
}
