package io.softswitch.app;

import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.Json;
import io.softswitch.app.admin.RoutingApi;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckImportRequest;
import io.softswitch.ratedeck.DeckImportResult;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.DeckVersion;
import io.softswitch.ratedeck.DiffCounts;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.ImportProgress;
import io.softswitch.ratedeck.RateChange;
import io.softswitch.ratedeck.RateSource;
import io.softswitch.ratedeck.RowError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The running switch's LCR engine and what changes it: snapshots rebuilt from the rate source
 * (at start, on {@code POST /api/reload}, after each deck imported through the admin API), NOC
 * blocks, and the route simulator. The admin API's {@link RoutingApi}.
 *
 * <p>Reloads, imports and block changes come from the admin thread; they are serialized here so
 * that a reload never swaps in a snapshot older than one already swapped. The engine swaps
 * without a lock on its own ring, so calls in progress are not disturbed.
 */
public final class LiveRouting implements RoutingApi, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(LiveRouting.class);
    private static final int MAX_REPORTED_ERRORS = 1_000;
    private static final int MAX_REPORTED_CHANGES = 1_000;

    private final LcrEngine engine;
    private final RateSource rates;
    private final RoutingSettings settings;
    private final DeckStore store;
    private final Set<String> blocks = new TreeSet<>();

    private LiveRouting(final LcrEngine engine, final RateSource rates, final RoutingSettings settings,
        final DeckStore store)
    {
        this.engine = engine;
        this.rates = rates;
        this.settings = settings;
        this.store = store;
    }

    /**
     * Builds the first snapshot from the rate source and starts the engine.
     *
     * @param rates    every rate in force now or later.
     * @param settings the routing policy.
     * @param store    where decks are imported through the admin API; null when there is no database.
     * @return the live routing.
     */
    public static LiveRouting start(final RateSource rates, final RoutingSettings settings, final DeckStore store)
    {
        final long started = System.nanoTime();
        final RouteSnapshot snapshot = RouteSnapshot.build(rates.loadRates(), settings);
        LOG.info("routing snapshot: {} vendors, {} customers, {} rates, built in {} ms", snapshot.vendors().size(),
            snapshot.customers().size(), snapshot.rateCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new LiveRouting(LcrEngine.start(snapshot, System::currentTimeMillis), rates, settings, store);
    }

    /**
     * The engine, for the SIP switch.
     *
     * @return the engine.
     */
    public LcrEngine engine()
    {
        return engine;
    }

    @Override
    public synchronized ApiReply reload()
    {
        final long started = System.nanoTime();
        final RouteSnapshot snapshot = RouteSnapshot.build(rates.loadRates(), settings);
        engine.swap(snapshot);
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("routing snapshot reloaded: {} rates in {} ms", snapshot.rateCount(), ms);
        return new ApiReply(200, "{\"vendors\":" + snapshot.vendors().size() + ",\"customers\":" +
            snapshot.customers().size() + ",\"rates\":" + snapshot.rateCount() + ",\"buildMs\":" + ms + "}");
    }

    @Override
    public ApiReply simulate(final Map<String, String> query)
    {
        final String customer = query.get("customer");
        final String number = query.get("number");
        if (customer == null || number == null || number.isEmpty() || !number.chars().allMatch(Character::isDigit))
        {
            return ApiReply.badRequest("customer and number (digits) required: customer=" + customer + " number=" + number);
        }
        final Instant at;
        try
        {
            at = query.containsKey("at") ? Instant.parse(query.get("at")) : Instant.now();
        }
        catch (final DateTimeParseException ex)
        {
            return ApiReply.badRequest("at must be ISO-8601: at=" + query.get("at"));
        }
        return new ApiReply(200, engine.simulate(customer, number, at).join().toJson());
    }

    @Override
    public synchronized ApiReply blocks()
    {
        final StringBuilder json = new StringBuilder("{\"blocks\":[");
        boolean first = true;
        for (final String block : blocks)
        {
            final int slash = block.indexOf('/');
            final String vendor = block.substring(0, slash);
            final String prefix = block.substring(slash + 1);
            json.append(first ? "" : ",").append("{\"vendor\":").append(vendor.isEmpty() ? "null" : Json.string(vendor))
                .append(",\"prefix\":").append(prefix.isEmpty() ? "null" : Json.string(prefix)).append('}');
            first = false;
        }
        return new ApiReply(200, json.append("]}").toString());
    }

    @Override
    public synchronized ApiReply block(final Map<String, String> query, final boolean blocked)
    {
        final String vendor = query.getOrDefault("vendor", "");
        final String prefix = query.getOrDefault("prefix", "");
        if (vendor.isEmpty() && prefix.isEmpty())
        {
            return ApiReply.badRequest("vendor or prefix required");
        }
        if (!prefix.chars().allMatch(Character::isDigit) || vendor.indexOf('/') >= 0)
        {
            return ApiReply.badRequest("prefix must be digits: prefix=" + prefix);
        }
        if (prefix.isEmpty())
        {
            engine.setVendorBlocked(vendor, blocked);
        }
        else if (vendor.isEmpty())
        {
            engine.setPrefixBlocked(prefix, blocked);
        }
        else
        {
            engine.setVendorPrefixBlocked(vendor, prefix, blocked);
        }
        if (blocked)
        {
            blocks.add(vendor + "/" + prefix);
        }
        else
        {
            blocks.remove(vendor + "/" + prefix);
        }
        return blocks();
    }

    @Override
    public ApiReply importDeck(final Map<String, String> query, final InputStream body)
    {
        if (store == null)
        {
            return new ApiReply(503, "{\"error\":\"no rate deck database\"}");
        }
        final String trunk = query.get("trunk");
        final DeckDirection direction = direction(query.get("direction"));
        if (trunk == null || trunk.isEmpty() || direction == null)
        {
            return ApiReply.badRequest("trunk and direction (vendor|customer) required: trunk=" + trunk +
                " direction=" + query.get("direction"));
        }
        final ImportMode mode;
        final ColumnMapping mapping;
        final Instant effective;
        try
        {
            mode = ImportMode.valueOf(query.getOrDefault("mode", "replace").toUpperCase(Locale.ROOT));
            mapping = ColumnMapping.parse(query.getOrDefault("mapping", ColumnMapping.GENERIC));
            effective = query.containsKey("effective") ? Instant.parse(query.get("effective")) : store.now();
        }
        catch (final IllegalArgumentException | DateTimeParseException ex)
        {
            return ApiReply.badRequest(ex.getMessage());
        }
        final boolean dryRun = "true".equals(query.get("dry-run"));
        final boolean acceptDrop = "true".equals(query.get("accept-drop-bad-rows"));
        final String fileName = query.getOrDefault("file", "upload.csv");
        Path file = null;
        try
        {
            file = Files.createTempFile("deck-", ".csv");
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            final DeckImportResult result;
            synchronized (this)
            {
                result = store.importDeck(
                    new DeckImportRequest(trunk, direction, file, mapping, mode, effective, dryRun, acceptDrop),
                    ImportProgress.NONE);
                if (result.outcome() == DeckImportResult.Outcome.STORED)
                {
                    reload();
                }
            }
            final int status = result.outcome() == DeckImportResult.Outcome.REJECTED ? 422 : 200;
            return new ApiReply(status, importJson(result, fileName, file.getFileName().toString()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            deleteQuietly(file);
        }
    }

    @Override
    public ApiReply history(final Map<String, String> query)
    {
        if (store == null)
        {
            return new ApiReply(503, "{\"error\":\"no rate deck database\"}");
        }
        final String trunk = query.get("trunk");
        final DeckDirection direction = direction(query.get("direction"));
        if (trunk == null || direction == null)
        {
            return ApiReply.badRequest("trunk and direction (vendor|customer) required: trunk=" + trunk +
                " direction=" + query.get("direction"));
        }
        final StringBuilder json = new StringBuilder("{\"trunk\":").append(Json.string(trunk))
            .append(",\"direction\":").append(Json.string(direction.name().toLowerCase(Locale.ROOT)))
            .append(",\"versions\":[");
        boolean first = true;
        for (final DeckVersion version : store.history(trunk, direction))
        {
            json.append(first ? "" : ",").append("{\"version\":").append(version.versionNo())
                .append(",\"mode\":").append(Json.string(version.mode().name().toLowerCase(Locale.ROOT)))
                .append(",\"effectiveFrom\":").append(Json.string(version.effectiveFrom().toString()))
                .append(",\"importedAt\":").append(Json.string(version.importedAt().toString()))
                .append(",\"file\":").append(Json.string(version.fileName()))
                .append(",\"mapping\":").append(Json.string(version.mapping()))
                .append(",\"rowsRead\":").append(version.rowsRead())
                .append(",\"rowsDropped\":").append(version.rowsDropped())
                .append(",\"diff\":");
            counts(json, version.counts());
            json.append('}');
            first = false;
        }
        return new ApiReply(200, json.append("]}").toString());
    }

    /**
     * Stops the engine.
     */
    @Override
    public void close()
    {
        engine.close();
    }

    private static DeckDirection direction(final String text)
    {
        if ("vendor".equals(text))
        {
            return DeckDirection.VENDOR;
        }
        return "customer".equals(text) ? DeckDirection.CUSTOMER : null;
    }

    private static String importJson(final DeckImportResult result, final String fileName, final String tempName)
    {
        final StringBuilder json = new StringBuilder("{\"outcome\":")
            .append(Json.string(result.outcome().name().toLowerCase(Locale.ROOT)))
            .append(",\"version\":").append(result.versionNo())
            .append(",\"rowsRead\":").append(result.rowsRead())
            .append(",\"rowsAccepted\":").append(result.rowsAccepted())
            .append(",\"errorCount\":").append(result.errors().size())
            .append(",\"errors\":[");
        for (int i = 0; i < Math.min(result.errors().size(), MAX_REPORTED_ERRORS); i++)
        {
            final RowError error = result.errors().get(i);
            // The body was spooled to a temporary file: report the name the caller gave.
            final String file = tempName.equals(Path.of(error.file()).getFileName().toString()) ? fileName : error.file();
            json.append(i == 0 ? "" : ",").append("{\"file\":").append(Json.string(file))
                .append(",\"line\":").append(error.line())
                .append(",\"problem\":").append(Json.string(error.problem().name().toLowerCase(Locale.ROOT)))
                .append(",\"detail\":").append(Json.string(error.detail())).append('}');
        }
        json.append("],\"diff\":");
        counts(json, result.diff().counts());
        json.append(",\"changes\":[");
        for (int i = 0; i < Math.min(result.diff().changes().size(), MAX_REPORTED_CHANGES); i++)
        {
            final RateChange change = result.diff().changes().get(i);
            json.append(i == 0 ? "" : ",").append("{\"kind\":")
                .append(Json.string(change.kind().name().toLowerCase(Locale.ROOT)))
                .append(",\"prefix\":").append(Json.string(change.prefix()))
                .append(",\"previousRateMicros\":").append(change.previousRateMicros())
                .append(",\"rateMicros\":").append(change.rateMicros())
                .append(",\"effectiveFrom\":")
                .append(change.effectiveFrom() == null ? "null" : Json.string(change.effectiveFrom().toString()))
                .append('}');
        }
        return json.append("]}").toString();
    }

    private static void counts(final StringBuilder json, final DiffCounts counts)
    {
        json.append("{\"new\":").append(counts.newCount()).append(",\"increased\":").append(counts.increased())
            .append(",\"decreased\":").append(counts.decreased()).append(",\"removed\":").append(counts.removed())
            .append(",\"unchanged\":").append(counts.unchanged()).append('}');
    }

    private static void deleteQuietly(final Path file)
    {
        if (file == null)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot delete {}: {}", file, ex.toString());
        }
    }
}
