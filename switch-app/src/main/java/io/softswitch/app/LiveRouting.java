package io.softswitch.app;

import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.BlockRequest;
import io.softswitch.app.admin.RoutingApi;
import io.softswitch.app.admin.TextField;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.RateSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The running switch's LCR engine and what changes it: snapshots rebuilt from the rate source
 * (at start, on {@code POST /api/reload}, after each deck imported through the admin API by
 * {@link LiveDecks}), NOC blocks, and the route simulator. The admin API's {@link RoutingApi}.
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
    /** Longest block reason. */
    static final int MAX_REASON_CHARS = 500;
    /** Longest trunk name accepted in a request (the configuration's names are checked at load). */
    static final int MAX_NAME_CHARS = 64;
    private static final int MAX_PREFIX_DIGITS = 15;

    private final LcrEngine engine;
    private final RateSource rates;
    private final RoutingSettings settings;
    private final TrunkDirectory trunks;
    private final RouteBlockStore blockStore;
    /** The blocks applied to the engine, by target, in the order they were set. */
    private final Map<Target, RouteBlock> applied = new LinkedHashMap<>();

    private LiveRouting(final LcrEngine engine, final RateSource rates, final RoutingSettings settings,
        final TrunkDirectory trunks, final RouteBlockStore blockStore)
    {
        this.engine = engine;
        this.rates = rates;
        this.settings = settings;
        this.trunks = trunks;
        this.blockStore = blockStore;
    }

    /**
     * Builds the first snapshot from the rate source, starts the engine and applies every
     * persisted block to it.
     *
     * @param rates      every rate in force now or later.
     * @param settings   the routing policy.
     * @param trunks     the trunks that exist, which block and simulator requests are checked against.
     * @param blockStore where blocks are kept; null to keep them in memory only.
     * @return the live routing.
     */
    public static LiveRouting start(final RateSource rates, final RoutingSettings settings, final TrunkDirectory trunks,
        final RouteBlockStore blockStore)
    {
        final long started = System.nanoTime();
        final RouteSnapshot snapshot = RouteSnapshot.build(rates.loadRates(), settings);
        LOG.info("routing snapshot: {} vendors, {} customers, {} rates, built in {} ms", snapshot.vendors().size(),
            snapshot.customers().size(), snapshot.rateCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        final LiveRouting routing =
            new LiveRouting(LcrEngine.start(snapshot, System::currentTimeMillis), rates, settings, trunks, blockStore);
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
        final RouteSnapshot snapshot = RouteSnapshot.build(rates.loadRates(), settings);
        engine.swap(snapshot);
        final int blocks = syncBlocks();
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("routing snapshot reloaded: {} rates, {} blocks in {} ms", snapshot.rateCount(), blocks, ms);
        return ApiReply.ok(new Reload(snapshot.vendors().size(), snapshot.customers().size(), snapshot.rateCount(), ms,
            blocks));
    }

    @Override
    public ApiReply simulate(final Map<String, String> query)
    {
        final String customer = query.get("customer");
        final String number = query.get("number");
        if (customer != null && trunks.sideOf(customer) != DeckDirection.CUSTOMER)
        {
            return ApiReply.notFound(trunks.sideOf(customer) == DeckDirection.VENDOR ?
                "not a customer trunk (a vendor): customer=" + customer : "no such customer trunk: customer=" + customer);
        }
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
        return ApiReply.ok(engine.simulate(customer, number, at).join());
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
        final ApiReply refused = refusal(request, blocked);
        if (refused != null)
        {
            return refused;
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
     * Why a block request is refused, before anything changes: nothing to block, text that breaks
     * the rules of {@link TextField}, a prefix that is not 1 to 15 digits, a vendor that does not
     * exist (when setting; a block of a vendor since removed may still be lifted), or lifting a
     * block that is not in force.
     */
    private ApiReply refusal(final BlockRequest request, final boolean blocked)
    {
        final String vendor = request.vendor();
        final String prefix = request.prefix();
        if (vendor == null && prefix == null)
        {
            return ApiReply.badRequest("vendor or prefix required");
        }
        final String textProblem = firstNonNull(TextField.problem("vendor", vendor, MAX_NAME_CHARS),
            TextField.problem("prefix", prefix, TextField.MAX_PARAM_CHARS),
            TextField.problem("reason", request.reason(), MAX_REASON_CHARS));
        if (textProblem != null)
        {
            return ApiReply.badRequest(textProblem);
        }
        if (prefix != null && (prefix.length() > MAX_PREFIX_DIGITS || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')))
        {
            return ApiReply.badRequest("prefix must be 1 to " + MAX_PREFIX_DIGITS + " digits: prefix=" +
                (prefix.length() > 20 ? prefix.substring(0, 20) + "... length=" + prefix.length() : prefix));
        }
        if (blocked && vendor != null && trunks.sideOf(vendor) != DeckDirection.VENDOR)
        {
            return ApiReply.notFound(trunks.sideOf(vendor) == DeckDirection.CUSTOMER ?
                "not a vendor trunk (a customer): vendor=" + vendor : "no such vendor trunk: vendor=" + vendor);
        }
        if (!blocked && !inForce(new Target(vendor, prefix)))
        {
            return ApiReply.notFound("no such block: vendor=" + vendor + " prefix=" + prefix);
        }
        return null;
    }

    private boolean inForce(final Target target)
    {
        if (blockStore == null)
        {
            return applied.containsKey(target);
        }
        for (final RouteBlock block : blockStore.list())
        {
            if (target.equals(new Target(block.vendor(), block.prefix())))
            {
                return true;
            }
        }
        return false;
    }

    private static String firstNonNull(final String... values)
    {
        for (final String value : values)
        {
            if (value != null)
            {
                return value;
            }
        }
        return null;
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

    /**
     * Stops the engine.
     */
    @Override
    public void close()
    {
        engine.close();
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
}
