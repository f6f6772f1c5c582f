package io.softswitch.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.BlockRequest;
import io.softswitch.app.admin.RoutingApi;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.RouteSimulation;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.TrunkIds;
import io.softswitch.lcr.UnknownCustomerException;
import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckImportRequest;
import io.softswitch.ratedeck.DeckImportResult;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.DiffCounts;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.ImportProgress;
import io.softswitch.ratedeck.RateChange;
import io.softswitch.ratedeck.RateSource;
import io.softswitch.ratedeck.RowError;
import io.softswitch.ratedeck.TrunkRates;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The running switch's LCR engine and what changes it: snapshots rebuilt from the rate source
 * (at start, on {@code POST /api/reload}, after each deck imported through the admin API), NOC
 * blocks, and the route simulator. The admin API's {@link RoutingApi}.
 *
 * <p>Blocks are written through to the {@link RouteBlockStore} before the engine is told, so a
 * block the API acknowledged survives a restart; at start and on every reload the engine is
 * brought in line with the table (a block set or lifted in the database by hand takes effect on
 * the next reload). Without a database, blocks live in memory only.
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

    private static final Set<String> SIMULATE_PARAMETERS = Set.of("customer", "number", "at");

    private final LcrEngine engine;
    private final RateSource rates;
    private final RoutingSettings settings;
    private final TrunkIds ids;
    private final CallSimulator simulator;
    /** When the rates of the live snapshot were read: an earlier instant is answered from the deck history. */
    private volatile Instant loadedAt;
    private final DeckStore store;
    private final RouteBlockStore blockStore;
    /** The blocks applied to the engine, by target, in the order they were set. */
    private final Map<Target, RouteBlock> applied = new LinkedHashMap<>();

    private LiveRouting(final LcrEngine engine, final RateSource rates, final RoutingSettings settings,
        final DeckStore store, final RouteBlockStore blockStore, final TrunkIds ids, final CallSimulator simulator,
        final Instant loadedAt)
    {
        this.engine = engine;
        this.rates = rates;
        this.settings = settings;
        this.ids = ids;
        this.simulator = simulator;
        this.loadedAt = loadedAt;
        this.store = store;
        this.blockStore = blockStore;
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
        return start(rates, settings, store, null);
    }

    /**
     * Builds the first snapshot from the rate source, starts the engine and applies every
     * persisted block to it.
     *
     * @param rates      every rate in force now or later.
     * @param settings   the routing policy.
     * @param store      where decks are imported through the admin API; null when there is no database.
     * @param blockStore where blocks are kept; null to keep them in memory only.
     * @return the live routing.
     */
    public static LiveRouting start(final RateSource rates, final RoutingSettings settings, final DeckStore store,
        final RouteBlockStore blockStore)
    {
        return start(rates, settings, store, blockStore, null);
    }

    /**
     * Starts live routing for the trunks of a configuration: they are numbered once
     * ({@link TrunkIds}, configuration order), decks of other trunks are left out with a warning,
     * and the route simulator applies each customer trunk's tech prefix and number rules.
     *
     * @param rates      every rate in force now or later.
     * @param settings   the routing policy.
     * @param store      where decks are imported through the admin API; null when there is no database.
     * @param blockStore where blocks are kept; null to keep them in memory only.
     * @param trunks     the configuration's trunks; null to take the trunks from the decks.
     * @return the live routing.
     */
    public static LiveRouting start(final RateSource rates, final RoutingSettings settings, final DeckStore store,
        final RouteBlockStore blockStore, final SwitchConfig trunks)
    {
        final long started = System.nanoTime();
        final Instant loadedAt = Instant.now();
        final List<TrunkRates> decks = rates.loadRates();
        final TrunkIds ids = trunks == null ? null : TrunkIds.of(
            trunks.vendors().stream().map(VendorTrunk::name).toList(),
            trunks.customers().stream().map(CustomerTrunk::name).toList());
        final RouteSnapshot snapshot = ids == null ? RouteSnapshot.build(decks, settings)
            : RouteSnapshot.build(decks, settings, ids);
        warnUnknown(snapshot);
        LOG.info("routing snapshot: {} vendors, {} customers, {} rates, built in {} ms", snapshot.vendors().size(),
            snapshot.customers().size(), snapshot.rateCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        final CallSimulator simulator = new CallSimulator(trunks == null ? CallSimulator.Trunks.NONE
            : CallSimulator.Trunks.of(trunks.customers(), trunks.vendors()), () -> settings);
        final LiveRouting routing = new LiveRouting(LcrEngine.start(snapshot, System::currentTimeMillis), rates, settings,
            store, blockStore, ids, simulator, loadedAt);
        try
        {
            final int blocks = routing.syncBlocks();
            if (blocks > 0)
            {
                LOG.info("route blocks in force: {}", blocks);
            }
            return routing;
        }
        catch (final RuntimeException ex)
        {
            routing.close();
            throw ex;
        }
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
        final Instant loading = Instant.now();
        final List<TrunkRates> decks = rates.loadRates();
        final RouteSnapshot snapshot = ids == null ? RouteSnapshot.build(decks, settings)
            : RouteSnapshot.build(decks, settings, ids);
        warnUnknown(snapshot);
        engine.swap(snapshot);
        loadedAt = loading;
        final int blocks = syncBlocks();
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("routing snapshot reloaded: {} rates, {} blocks in {} ms", snapshot.rateCount(), blocks, ms);
        return ApiReply.ok(new Reload(snapshot.vendors().size(), snapshot.customers().size(), snapshot.rateCount(), ms,
            blocks));
    }

    @Override
    public ApiReply simulate(final Map<String, String> query)
    {
        for (final String parameter : query.keySet())
        {
            if (!SIMULATE_PARAMETERS.contains(parameter))
            {
                return ApiReply.badRequest("unknown parameter '" + parameter + "' (allowed: at, customer, number)");
            }
        }
        final String customer = query.get("customer");
        final String number = query.get("number");
        if (customer == null || customer.isEmpty())
        {
            return ApiReply.badRequest("customer required");
        }
        final Instant at;
        try
        {
            CallSimulator.checkDialled(number);
            at = CallSimulator.at(query.get("at"), Instant.now());
        }
        catch (final IllegalArgumentException ex)
        {
            return ApiReply.badRequest(ex.getMessage());
        }
        try
        {
            return ApiReply.ok(simulator.simulate(customer, number, at, this::answer));
        }
        catch (final UnknownCustomerException ex)
        {
            return ApiReply.error(404, ex.getMessage());
        }
    }

    /**
     * The engine's answer for an E.164 number: from the live engine (its snapshot holds every
     * rate in force when it was loaded and later), or, for an earlier instant, from the deck
     * history with the live blocks and availability (quality is not kept per instant).
     */
    private RouteSimulation answer(final String customer, final String e164, final Instant at)
    {
        if (!at.isBefore(loadedAt))
        {
            return engine.simulate(customer, e164, at).join();
        }
        final List<RouteBlock> blocks;
        synchronized (this)
        {
            blocks = List.copyOf(applied.values());
        }
        return PastRoutes.simulate(rates, settings, engine.trunkIds(), engine.vendorStates(), blocks, customer, e164, at);
    }

    private static void warnUnknown(final RouteSnapshot snapshot)
    {
        if (!snapshot.unknownTrunkDecks().isEmpty())
        {
            LOG.warn("decks of trunks the configuration does not have are not routed: {}", snapshot.unknownTrunkDecks());
        }
    }

    @Override
    public synchronized ApiReply blocks()
    {
        return ApiReply.ok(new Blocks(blockStore == null ? List.copyOf(applied.values()) : blockStore.list()));
    }

    @Override
    public synchronized ApiReply block(final BlockRequest request, final boolean blocked)
    {
        final String vendor = request.vendor();
        final String prefix = request.prefix();
        if (vendor == null && prefix == null)
        {
            return ApiReply.badRequest("vendor or prefix required");
        }
        if (prefix != null && !prefix.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            return ApiReply.badRequest("prefix must be digits: prefix=" + prefix);
        }
        final Target target = new Target(vendor, prefix);
        if (blocked)
        {
            // Written through first: the engine is only told once the block will survive a restart.
            final RouteBlock block = blockStore != null ? blockStore.add(vendor, prefix, request.reason())
                : applied.getOrDefault(target, new RouteBlock(vendor, prefix, request.reason(), Instant.now()));
            apply(target, block);
        }
        else
        {
            if (blockStore != null)
            {
                blockStore.remove(vendor, prefix);
            }
            lift(target);
        }
        return blocks();
    }

    /**
     * Brings the engine's blocks in line with the block store: lifts the ones no longer stored,
     * sets the new ones. Without a store the blocks in memory stand.
     *
     * @return the blocks in force.
     */
    private int syncBlocks()
    {
        if (blockStore == null)
        {
            return applied.size();
        }
        final Map<Target, RouteBlock> stored = new LinkedHashMap<>();
        for (final RouteBlock block : blockStore.list())
        {
            stored.put(new Target(block.vendor(), block.prefix()), block);
        }
        for (final Target target : new ArrayList<>(applied.keySet()))
        {
            if (!stored.containsKey(target))
            {
                lift(target);
            }
        }
        stored.forEach(this::apply);
        return applied.size();
    }

    private void apply(final Target target, final RouteBlock block)
    {
        if (applied.put(target, block) == null)
        {
            setBlocked(target, true);
        }
    }

    private void lift(final Target target)
    {
        if (applied.remove(target) != null)
        {
            setBlocked(target, false);
        }
    }

    private void setBlocked(final Target target, final boolean blocked)
    {
        if (target.prefix() == null)
        {
            engine.setVendorBlocked(target.vendor(), blocked);
        }
        else if (target.vendor() == null)
        {
            engine.setPrefixBlocked(target.prefix(), blocked);
        }
        else
        {
            engine.setVendorPrefixBlocked(target.vendor(), target.prefix(), blocked);
        }
    }

    @Override
    public ApiReply importDeck(final Map<String, String> query, final InputStream body)
    {
        if (store == null)
        {
            return ApiReply.error(503, "no rate deck database");
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
            return new ApiReply(status, importReply(result, fileName, file.getFileName().toString()));
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
            return ApiReply.error(503, "no rate deck database");
        }
        final String trunk = query.get("trunk");
        final DeckDirection direction = direction(query.get("direction"));
        if (trunk == null || direction == null)
        {
            return ApiReply.badRequest("trunk and direction (vendor|customer) required: trunk=" + trunk +
                " direction=" + query.get("direction"));
        }
        final List<HistoryVersion> versions = store.history(trunk, direction).stream()
            .map(version -> new HistoryVersion(version.versionNo(), lower(version.mode()), version.effectiveFrom(),
                version.importedAt(), version.fileName(), version.mapping(), version.rowsRead(), version.rowsDropped(),
                counts(version.counts())))
            .toList();
        return ApiReply.ok(new History(trunk, lower(direction), versions));
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

    private static ImportReply importReply(final DeckImportResult result, final String fileName,
        final String tempName)
    {
        final List<ImportError> errors = new ArrayList<>();
        for (final RowError error : result.errors().subList(0, Math.min(result.errors().size(), MAX_REPORTED_ERRORS)))
        {
            // The body was spooled to a temporary file: report the name the caller gave.
            final String file = tempName.equals(Path.of(error.file()).getFileName().toString()) ? fileName : error.file();
            errors.add(new ImportError(file, error.line(), lower(error.problem()), error.detail()));
        }
        final List<RateChange> changes = result.diff().changes();
        final List<ImportChange> reported = new ArrayList<>();
        for (final RateChange change : changes.subList(0, Math.min(changes.size(), MAX_REPORTED_CHANGES)))
        {
            reported.add(new ImportChange(lower(change.kind()), change.prefix(), change.previousRateMicros(),
                change.rateMicros(), change.effectiveFrom()));
        }
        return new ImportReply(lower(result.outcome()), result.versionNo(), result.rowsRead(), result.rowsAccepted(),
            result.errors().size(), errors, counts(result.diff().counts()), reported);
    }

    private static Counts counts(final DiffCounts counts)
    {
        return new Counts(counts.newCount(), counts.increased(), counts.decreased(), counts.removed(),
            counts.unchanged());
    }

    private static String lower(final Enum<?> value)
    {
        return value.name().toLowerCase(Locale.ROOT);
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

    /** What one block target is: vendor, prefix, or both; null for "any". */
    private record Target(String vendor, String prefix)
    {
    }

    /**
     * The body of {@code GET /api/blocks}.
     *
     * @param blocks the blocks in force, oldest first.
     */
    record Blocks(List<RouteBlock> blocks)
    {
    }

    /**
     * The body of {@code POST /api/reload}.
     *
     * @param vendors   vendors in the new snapshot.
     * @param customers customers in the new snapshot.
     * @param rates     rates in the new snapshot.
     * @param buildMs   time to load, build and swap, blocks included.
     * @param blocks    blocks in force after the reload.
     */
    record Reload(int vendors, int customers, long rates, long buildMs, int blocks)
    {
    }

    /**
     * The body of {@code GET /api/decks/history}.
     *
     * @param trunk     the trunk.
     * @param direction {@code vendor} or {@code customer}.
     * @param versions  its versions, as the store lists them.
     */
    record History(String trunk, String direction, List<HistoryVersion> versions)
    {
    }

    /**
     * One deck version in {@link History}.
     *
     * @param version       version number.
     * @param mode          {@code replace} or {@code update}.
     * @param effectiveFrom when its rates start.
     * @param importedAt    when it was imported.
     * @param file          the imported file's name.
     * @param mapping       the column mapping used.
     * @param rowsRead      rows read from the file.
     * @param rowsDropped   bad rows dropped.
     * @param diff          what changed against the previous version.
     */
    record HistoryVersion(int version, String mode, Instant effectiveFrom, Instant importedAt, String file,
        String mapping, long rowsRead, long rowsDropped, Counts diff)
    {
    }

    /**
     * The body of {@code POST /api/decks/import}.
     *
     * @param outcome      {@code stored}, {@code rejected} or {@code dry_run} (the outcome's name).
     * @param version      the version stored, as the importer numbers it.
     * @param rowsRead     rows read.
     * @param rowsAccepted rows accepted.
     * @param errorCount   every error found, reported or not.
     * @param errors       the first errors found.
     * @param diff         counts of changes against the deck in force.
     * @param changes      the first changes.
     */
    record ImportReply(String outcome, int version, long rowsRead, long rowsAccepted, int errorCount,
        List<ImportError> errors, Counts diff, List<ImportChange> changes)
    {
    }

    /**
     * One refused row in {@link ImportReply}.
     *
     * @param file    the file, by the name the caller gave.
     * @param line    the line number.
     * @param problem what is wrong, e.g. {@code negative_rate}.
     * @param detail  the detail.
     */
    record ImportError(String file, long line, String problem, String detail)
    {
    }

    /**
     * One changed rate in {@link ImportReply}.
     *
     * @param kind               the change kind in lower case, e.g. {@code decreased}.
     * @param prefix             the prefix.
     * @param previousRateMicros the rate before, micro-units.
     * @param rateMicros         the rate after, micro-units.
     * @param effectiveFrom      when the change applies, or {@code null}.
     */
    record ImportChange(String kind, String prefix, long previousRateMicros, long rateMicros, Instant effectiveFrom)
    {
    }

    /**
     * Diff counts.
     *
     * @param newCount  prefixes new in the version (written as {@code "new"}).
     * @param increased rates increased.
     * @param decreased rates decreased.
     * @param removed   prefixes removed.
     * @param unchanged rates unchanged.
     */
    record Counts(@JsonProperty("new") long newCount, long increased, long decreased, long removed, long unchanged)
    {
    }
}
