package io.softswitch.app.cdr;

import io.softswitch.app.Softswitch;
import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.cdr.report.CdrExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/cdrs} over a large trunk: the CSV goes out in HTTP chunks while the database
 * cursor is still open (the first bytes arrive before the query has finished, so the export is
 * never held whole in memory), the whole export arrives with every row and the exact total, and
 * a client that goes away mid-export releases the cursor.
 */
@Timeout(300)
class CdrExportStreamingTest
{
    /** About 30 MB of CSV: far more than the socket buffers and Netty's water marks hold. */
    private static final int ROWS = 200_000;
    private static final String EXPORT_RUNNING = "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() " +
        "AND xact_start IS NOT NULL AND query LIKE '%FROM cdr WHERE customer_trunk = %'";

    @TempDir
    Path directory;

    @Test
    void shouldStreamALargeExportFromAnOpenCursorAndDeliverEveryRow() throws Exception
    {
        try (Softswitch softswitch = Softswitch.start(config(), Map.of()))
        {
            final DataSource database = softswitch.dataSource();
            final BigDecimal expectedTotal = fill(database);
            final String token = softswitch.tokens().create("stream-finance", Role.FINANCE).token();
            try (Socket socket = request(softswitch.adminPort(), token))
            {
                final InputStream in = new BufferedInputStream(socket.getInputStream());
                final String head = head(in);
                assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked")
                    .doesNotContainIgnoringCase("content-length");
                final ChunkedBody body = new ChunkedBody(in);
                final String first = body.readLine();
                assertThat(first).isEqualTo(CdrExport.HEADER);
                // The client has the first rows and reads no more for now: the server is blocked
                // on the socket with its cursor open, not done with the query.
                for (int i = 0; i < 1_000; i++)
                {
                    assertThat(body.readLine()).startsWith("call-");
                }
                Thread.sleep(500);
                assertThat(count(database, EXPORT_RUNNING)).as("export cursor open while the client reads").isEqualTo(1);

                long lines = 1_001;
                BigDecimal total = BigDecimal.ZERO;
                String line;
                while ((line = body.readLine()) != null)
                {
                    lines++;
                    final String[] fields = line.split(",");
                    total = total.add(new BigDecimal(fields[14]));
                }
                assertThat(body.ended()).as("last chunk received").isTrue();
                assertThat(lines).isEqualTo(ROWS + 1);
                // The 1,000 rows read before the pause add their amounts too: call-0..999.
                assertThat(total.add(amounts(0, 1_000))).isEqualByComparingTo(expectedTotal);
            }
        }
    }

    @Test
    void shouldReleaseTheCursorWhenTheClientGoesAwayMidExport() throws Exception
    {
        try (Softswitch softswitch = Softswitch.start(config(), Map.of()))
        {
            final DataSource database = softswitch.dataSource();
            fill(database);
            final String token = softswitch.tokens().create("stream-finance", Role.FINANCE).token();
            try (Socket socket = request(softswitch.adminPort(), token))
            {
                final InputStream in = new BufferedInputStream(socket.getInputStream());
                assertThat(head(in)).startsWith("HTTP/1.1 200");
                final ChunkedBody body = new ChunkedBody(in);
                assertThat(body.readLine()).isEqualTo(CdrExport.HEADER);
                awaitCount(database, 1);
            }
            // The connection is gone: the next chunk fails and the export's transaction ends.
            awaitCount(database, 0);
        }
    }

    private SoftswitchConfig config() throws Exception
    {
        Files.writeString(directory.resolve("acme.csv"), "prefix,destination,rate\n1,USA,0.012\n");
        Files.writeString(directory.resolve("switch.yaml"), """
            sip:
              host: 127.0.0.1
              udp-port: 0
              tcp-port: -1
              advertised-host: 127.0.0.1
            admin:
              port: 0
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            database:
              data-directory: %s
            cdr:
              journal-directory: %s
            decks:
              - {trunk: acme, direction: customer, file: acme.csv}
            """.formatted(directory.resolve("postgres"), directory.resolve("cdr")));
        return new ConfigFileReader(Map.of()).read(directory.resolve("switch.yaml"));
    }

    /**
     * ROWS calls of acme on 2026-11-15, straight into the day's partition (the billing path is
     * tested elsewhere; here only the export's size matters). Call i costs (i mod 1000) + 1
     * micro-units.
     */
    private static BigDecimal fill(final DataSource database) throws SQLException
    {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement())
        {
            statement.execute("CREATE TABLE IF NOT EXISTS cdr_20261115 PARTITION OF cdr FOR VALUES FROM " +
                "('2026-11-15 00:00:00+00') TO ('2026-11-16 00:00:00+00')");
            statement.execute(String.format(Locale.ROOT, """
                INSERT INTO cdr SELECT timestamptz '2026-11-15 00:00:00+00' + i * interval '100 ms', 'node-t', 'loop-0',
                       i, 'acme', 'call-' || i, '15550001111', '12125550100', '12125550100', NULL,
                       timestamptz '2026-11-15 00:00:01+00' + i * interval '100 ms',
                       timestamptz '2026-11-15 00:01:01+00' + i * interval '100 ms', 1000, 60000, 200, 'CUSTOMER_BYE',
                       'customer', 1, 'vendor-a', 'USA', '1', 0.012, '1', 0.012, 0, 60, 60, 0, 60,
                       ((i %% 1000) + 1) / 1000000.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false
                  FROM generate_series(0, %d) AS i
                """, ROWS - 1));
        }
        return amounts(0, ROWS);
    }

    private static BigDecimal amounts(final int from, final int to)
    {
        long micros = 0;
        for (int i = from; i < to; i++)
        {
            micros += (i % 1000) + 1;
        }
        return BigDecimal.valueOf(micros, 6);
    }

    private static Socket request(final int port, final String token) throws IOException
    {
        final Socket socket = new Socket();
        // A small receive buffer so that the client's pause reaches the server after little data.
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        final OutputStream out = socket.getOutputStream();
        out.write(("GET /api/cdrs?trunk=acme&from=2026-11-15&to=2026-11-16 HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String head(final InputStream in) throws IOException
    {
        final StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n"))
        {
            final int b = in.read();
            assertThat(b).as("response head complete").isNotNegative();
            head.append((char)b);
        }
        return head.toString();
    }

    private static void awaitCount(final DataSource database, final long expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (count(database, EXPORT_RUNNING) != expected)
        {
            assertThat(System.nanoTime() - deadline).as("export transactions = " + expected).isNegative();
            Thread.sleep(100);
        }
    }

    private static long count(final DataSource database, final String sql)
    {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery(sql))
        {
            rows.next();
            return rows.getLong(1);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Reads an HTTP/1.1 chunked body line by line (RFC 9112 section 7.1). */
    private static final class ChunkedBody
    {
        private final InputStream in;
        private int left;
        private boolean ended;

        ChunkedBody(final InputStream in)
        {
            this.in = in;
        }

        boolean ended()
        {
            return ended;
        }

        /** The next line of the body, or {@code null} after the last chunk. */
        String readLine() throws IOException
        {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = next()) >= 0 && b != '\n')
            {
                line.write(b);
            }
            return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
        }

        private int next() throws IOException
        {
            if (ended)
            {
                return -1;
            }
            if (left == 0)
            {
                final String size = rawLine();
                left = Integer.parseInt(size.trim(), 16);
                if (left == 0)
                {
                    assertThat(rawLine()).as("no trailers").isEmpty();
                    ended = true;
                    return -1;
                }
            }
            final int b = in.read();
            assertThat(b).as("chunk complete").isNotNegative();
            if (--left == 0)
            {
                assertThat(rawLine()).as("chunk ends with CRLF").isEmpty();
            }
            return b;
        }

        private String rawLine() throws IOException
        {
            final StringBuilder text = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n')
            {
                assertThat(b).as("connection open").isNotNegative();
                text.append((char)b);
            }
            return text.toString().replace("\r", "");
        }
    }
}
