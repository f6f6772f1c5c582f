package io.softswitch.app;

import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.BlockRequest;
import io.softswitch.app.admin.RoutingApi;
import io.softswitch.app.admin.TextField;
import io.softswitch.lcr.ExclusionReason;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.RouteSimulation;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.TrunkIds;
import io.softswitch.lcr.UnknownCustomerException;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.RateSource;
import io.softswitch.ratedeck.TrunkRates;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The running switch's LCR engine and what changes it: snapshots rebuilt from the rate source
 * (at start, on {@code POST /api/reload}, after each deck imported through the admin API by
 * {@link LiveDecks}), NOC blocks, and the route simulator. The admin API's {@link RoutingApi}.
 *
 * <p>Blocks ({@link LiveBlocks}) are written through to the {@link RouteBlockStore} before the
 * engine is told, so a block the API acknowledged survives a restart; at start and on every
 * reload the engine is brought in line with the table (a block set or lifted in the database by hand takes effect on
 * the next reload). Without a database, blocks live in memory only.
 *
 * <p>Trunks are numbered once ({@link TrunkIds}, configuration order) when the switch starts with
 * its trunk list; a trunk provisioned later gets the next id, a removed one keeps its id unused,
 * so an id a call holds never names another trunk. Decks of trunks that do not exist (now) are
 * not routed.
 *
 * <p>Reloads, imports and block changes come from the admin thread; they are serialized here so
 * that a reload never swaps in a snapshot older than one already swapped. The engine swaps
 * without a lock on its own ring, so calls in progress are not disturbed.
 */
public final class LiveRouting implements RoutingApi, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(LiveRouting.class);
    /** Longest trunk name accepted in a request (the configuration's names are checked at load). */
    static final int MAX_NAME_CHARS = 64;
    private static final Set<String> SIMULATE_PARAMETERS = Set.of("customer", "number", "at");

    private final LcrEngine engine;
    private final RateSource rates;
    private volatile RoutingSettings settings;
    private final TrunkDirectory trunks;
    private final CallSimulator simulator;
    /** The trunk numbering, extended (never renumbered) as trunks are provisioned; null: numbered from the decks. */
    private TrunkIds ids;
    /** When the rates of the live snapshot were read: an earlier instant is answered from the deck history. */
    private volatile Instant loadedAt;
    /** The NOC blocks; guarded by this object's monitor. */
    private final LiveBlocks blocks;

    private LiveRouting(final LcrEngine engine, final RateSource rates, final RoutingSettings settings,
        final TrunkDirectory trunks, final CallSimulator.Trunks simulatorTrunks, final TrunkIds ids,
        final Instant loadedAt, final RouteBlockStore blockStore)
    {
        this.engine = engine;
        this.rates = rates;
        this.settings = settings;
        this.trunks = trunks;
        this.simulator = new CallSimulator(simulatorTrunks, () -> this.settings);
        this.ids = ids;
        this.loadedAt = loadedAt;
        this.blocks = new LiveBlocks(engine, trunks, blockStore);
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
        return start(rates, settings, trunks, CallSimulator.Trunks.NONE, null, blockStore,
            SwitchConfig.DEFAULT_WAKE_COALESCING_NS);
    }

    /**
     * Starts live routing for the switch's trunks: they are numbered once ({@link TrunkIds},
     * configuration order, vendors and customers apart), decks of other trunks are left out, and
     * the route simulator applies each customer trunk's tech prefix and number rules as they are
     * now.
     *
     * @param rates      every rate in force now or later.
     * @param trunks     the trunks in force (and provisioned later) with the routing policy.
     * @param blockStore where blocks are kept; null to keep them in memory only.
     * @param wakeCoalescingNs how long the engine thread, having just worked, sleeps before it looks
     *                   for more ({@link SwitchConfig#wakeCoalescingNs()}).
     * @return the live routing.
     */
    public static LiveRouting start(final RateSource rates, final LiveTrunks trunks, final RouteBlockStore blockStore,
        final long wakeCoalescingNs)
    {
        final LiveTrunks.TrunkSet set = trunks.current();
        return start(rates, set.routing(), trunks, trunks, TrunkIds.of(vendorNames(set.vendors()),
            customerNames(set.customers())), blockStore, wakeCoalescingNs);
    }

    private static LiveRouting start(final RateSource rates, final RoutingSettings settings,
        final TrunkDirectory trunks, final CallSimulator.Trunks simulatorTrunks, final TrunkIds ids,
        final RouteBlockStore blockStore, final long wakeCoalescingNs)
    {
        final long started = System.nanoTime();
        final Instant loadedAt = Instant.now();
        final RouteSnapshot snapshot = build(rates.loadRates(), settings, trunks, ids);
        LOG.info("routing snapshot: {} vendors, {} customers, {} rates, built in {} ms", snapshot.vendors().size(),
            snapshot.customers().size(), snapshot.rateCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        final LiveRouting routing = new LiveRouting(LcrEngine.start(snapshot, System::currentTimeMillis, wakeCoalescingNs), rates,
            settings, trunks, simulatorTrunks, ids, loadedAt, blockStore);
        try
        {
            final int blocks = routing.blocks.sync();
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

    /**
     * Changes the trunks and routing policy (trunks provisioned through the admin API) and reloads.
     * A new trunk's id is appended to the numbering; a removed trunk keeps its id, unused. Call
     * before the SIP switch is given the trunks: the switch numbers them by the engine's ids.
     *
     * @param next      the policy from now on.
     * @param customers the customer trunks from now on.
     * @param vendors   the vendor trunks from now on.
     */
    public synchronized void reconfigure(final RoutingSettings next, final List<CustomerTrunk> customers,
        final List<VendorTrunk> vendors)
    {
        if (ids != null)
        {
            ids = ids.extend(vendorNames(vendors), customerNames(customers));
        }
        settings = next;
        reload();
    }

    @Override
    public synchronized ApiReply reload()
    {
        final long started = System.nanoTime();
        final Instant loading = Instant.now();
        final RouteSnapshot snapshot = build(rates.loadRates(), settings, trunks, ids);
        engine.swap(snapshot);
        loadedAt = loading;
        final int blocks = this.blocks.sync();
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
        final String nameProblem = TextField.problem("customer", customer, MAX_NAME_CHARS);
        if (nameProblem != null)
        {
            return ApiReply.badRequest(nameProblem);
        }
        final DeckDirection side = trunks.sideOf(customer);
        if (side != DeckDirection.CUSTOMER)
        {
            return ApiReply.notFound(new UnknownCustomerException(customer, side == DeckDirection.VENDOR).getMessage());
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
            return ApiReply.notFound(ex.getMessage());
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
            return existingVendors(engine.simulate(customer, e164, at).join());
        }
        final List<RouteBlock> inForce;
        synchronized (this)
        {
            inForce = blocks.applied();
        }
        return existingVendors(
            PastRoutes.simulate(rates, settings, engine.trunkIds(), engine.vendorStates(), inForce, customer, e164, at));
    }

    /**
     * The simulation without the vendors that no longer exist: a removed vendor keeps its id
     * (never reused), and the engine lists every id it knows as excluded for want of a rate.
     */
    private RouteSimulation existingVendors(final RouteSimulation simulation)
    {
        final List<RouteSimulation.VendorRoute> excluded = simulation.excluded().stream()
            .filter(route -> route.exclusion() != ExclusionReason.NO_RATE
                || trunks.sideOf(route.vendor()) == DeckDirection.VENDOR)
            .toList();
        return excluded.size() == simulation.excluded().size() ? simulation : new RouteSimulation(
            simulation.customer(), simulation.dialled(), simulation.number(), simulation.at(),
            simulation.ratesFromHistory(), simulation.outcome(), simulation.note(), simulation.mode(),
            simulation.maxAttempts(), simulation.sellRate(), simulation.routes(), excluded);
    }

    @Override
    public synchronized ApiReply blocks()
    {
        return ApiReply.ok(new Blocks(blocks.list()));
    }

    @Override
    public synchronized ApiReply block(final BlockRequest request, final boolean blocked)
    {
        final ApiReply refused = blocks.change(request, blocked);
        return refused != null ? refused : blocks();
    }

    private static RouteSnapshot build(final List<TrunkRates> loaded, final RoutingSettings settings,
        final TrunkDirectory trunks, final TrunkIds ids)
    {
        final List<TrunkRates> decks = existing(loaded, trunks);
        if (decks.size() < loaded.size())
        {
            LOG.warn("decks of trunks that do not exist are not routed: {} of {}", loaded.size() - decks.size(),
                loaded.size());
        }
        return ids == null ? RouteSnapshot.build(decks, settings) : RouteSnapshot.build(decks, settings, ids);
    }

    private static List<String> vendorNames(final List<VendorTrunk> vendors)
    {
        return vendors.stream().map(VendorTrunk::name).toList();
    }

    private static List<String> customerNames(final List<CustomerTrunk> customers)
    {
        return customers.stream().map(CustomerTrunk::name).toList();
    }

    /**
     * The rates of trunks that exist, on their own side: a deck left behind by a removed trunk, or
     * stored under a name that is no trunk, never routes a call.
     */
    private static List<TrunkRates> existing(final List<TrunkRates> loaded, final TrunkDirectory trunks)
    {
        final List<TrunkRates> kept = new ArrayList<>(loaded.size());
        for (final TrunkRates deck : loaded)
        {
            if (trunks.sideOf(deck.trunk()) == deck.direction())
            {
                kept.add(deck);
            }
        }
        return kept;
    }

    /**
     * Stops the engine.
     */
    @Override
    public void close()
    {
        engine.close();
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
