package io.softswitch.app.cdr;

import io.softswitch.app.admin.AdminRequest;
import io.softswitch.app.admin.AdminRoute;
import io.softswitch.app.admin.AdminRouter;
import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.Role;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.billing.BillingTailer;
import io.softswitch.cdr.report.CdrExport;
import io.softswitch.cdr.report.ReportCommand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The finance endpoints of the admin API, answered by the same code as
 * {@code softswitch report ...}: the margin report ({@code GET /api/reports/margin}, CSV or
 * JSON) and the CDR export of a trunk ({@code GET /api/cdrs}, CSV), both for the finance role;
 * and the CDR side's state for the NOC ({@code GET /api/cdr/status}, read-only).
 */
public final class CdrReportRoutes
{
    private static final String CSV = "text/csv; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";

    private CdrReportRoutes()
    {
    }

    /**
     * Registers the routes.
     *
     * @param router     the admin router.
     * @param dataSource the billing database.
     * @param cdr        the journal and tailer, or {@code null} when CDRs are off.
     */
    public static void add(final AdminRouter router, final DataSource dataSource, final CdrBilling cdr)
    {
        router.add(AdminRoute.get("/api/reports/margin", Role.FINANCE, request -> margin(request, dataSource))
            .withParams("by", "from", "to", "format"));
        router.add(AdminRoute.get("/api/cdrs", Role.FINANCE, request -> cdrs(request, dataSource))
            .withParams("trunk", "side", "from", "to"));
        router.add(AdminRoute.get("/api/cdr/status", Role.READ_ONLY, request -> ApiReply.ok(status(cdr))));
    }

    /**
     * The CDR side's state: journal writable or why not, billing backlog.
     *
     * @param cdr the CDR side, or {@code null}.
     * @return the state, as JSON fields.
     */
    public static Map<String, Object> status(final CdrBilling cdr)
    {
        final Map<String, Object> status = new LinkedHashMap<>();
        if (cdr == null)
        {
            status.put("journal", "disabled");
            return status;
        }
        final CdrJournal journal = cdr.journal();
        status.put("journal", journal.health());
        status.put("writable", journal.writable());
        final BillingTailer tailer = cdr.tailer();
        if (tailer != null)
        {
            status.put("backlog_records", tailer.backlogRecords());
            status.put("backlog_seconds", tailer.backlogSeconds());
        }
        return status;
    }

    private static ApiReply margin(final AdminRequest request, final DataSource dataSource)
    {
        final String format = request.query().getOrDefault("format", "json");
        return run(dataSource, "json".equals(format) ? JSON : CSV, "margin",
            option("--by", request.query().get("by")), option("--from", request.query().get("from")),
            option("--to", request.query().get("to")), option("--format", format));
    }

    /**
     * The export, streamed: checked (options, trunk's side) before the 200 goes out, then written
     * from the database's cursor into HTTP chunks as the client reads them.
     */
    private static ApiReply cdrs(final AdminRequest request, final DataSource dataSource)
    {
        if (dataSource == null)
        {
            return ApiReply.error(503, "reports need the database: the switch runs without one");
        }
        final List<String> args = new ArrayList<>();
        args.add("cdrs");
        for (final String[] option : List.of(option("--trunk", request.query().get("trunk")),
            option("--side", request.query().get("side")), option("--from", request.query().get("from")),
            option("--to", request.query().get("to"))))
        {
            args.addAll(List.of(option));
        }
        final ReportCommand.CdrsRequest export;
        try
        {
            export = ReportCommand.cdrsRequest(args.toArray(String[]::new)).resolved(dataSource);
        }
        catch (final SQLException ex)
        {
            return ApiReply.error(500, ex.getMessage());
        }
        return ApiReply.ok(new ApiReply.Streamed(CSV, out ->
        {
            final Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try
            {
                CdrExport.write(dataSource, export.trunk(), export.side(), export.range(), writer);
            }
            catch (final SQLException ex)
            {
                throw new IOException("CDR export failed: " + ex.getMessage(), ex);
            }
            writer.flush();
        }));
    }

    private static String[] option(final String name, final String value)
    {
        return value == null ? new String[0] : new String[] {name, value};
    }

    private static ApiReply run(final DataSource dataSource, final String contentType, final String kind,
        final String[]... options)
    {
        final List<String> args = new ArrayList<>();
        args.add(kind);
        for (final String[] option : options)
        {
            args.addAll(List.of(option));
        }
        if (dataSource == null)
        {
            return ApiReply.error(503, "reports need the database: the switch runs without one");
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReportCommand.run(args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            () -> dataSource);
        if (status == ReportCommand.EXIT_OK)
        {
            return ApiReply.ok(new ApiReply.Raw(contentType, out.toByteArray()));
        }
        final String reason = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("report failed")
            .replace("softswitch report: ", "");
        return status == ReportCommand.EXIT_USAGE ? ApiReply.badRequest(reason) : ApiReply.error(500, reason);
    }
}
