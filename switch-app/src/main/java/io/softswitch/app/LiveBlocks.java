package io.softswitch.app;

import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.BlockRequest;
import io.softswitch.app.admin.TextField;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.ratedeck.DeckDirection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NOC blocks of the live LCR engine: which are in force, whether a request to set or lift
 * one is valid, and the engine kept in line with the {@link RouteBlockStore}.
 *
 * <p>Blocks are written through to the store before the engine is told, so a block the API
 * acknowledged survives a restart. Without a store, blocks live in memory only.
 *
 * <p>Not thread-safe: {@link LiveRouting} calls it under its own monitor, so that a block change
 * and a reload never interleave.
 */
final class LiveBlocks
{
    /** Longest block reason. */
    static final int MAX_REASON_CHARS = 500;
    private static final int MAX_PREFIX_DIGITS = 15;

    private final LcrEngine engine;
    private final TrunkDirectory trunks;
    private final RouteBlockStore blockStore;
    /** The blocks applied to the engine, by target, in the order they were set. */
    private final Map<Target, RouteBlock> applied = new LinkedHashMap<>();

    /**
     * @param engine     the engine the blocks are applied to.
     * @param trunks     the trunks that exist, which a new block's vendor is checked against.
     * @param blockStore where blocks are kept; null to keep them in memory only.
     */
    LiveBlocks(final LcrEngine engine, final TrunkDirectory trunks, final RouteBlockStore blockStore)
    {
        this.engine = engine;
        this.trunks = trunks;
        this.blockStore = blockStore;
    }

    /**
     * The blocks in force, oldest first: the stored ones, or those in memory without a store.
     */
    List<RouteBlock> list()
    {
        return blockStore == null ? List.copyOf(applied.values()) : blockStore.list();
    }

    /**
     * The blocks the engine applies now, oldest first.
     */
    List<RouteBlock> applied()
    {
        return List.copyOf(applied.values());
    }

    /**
     * Sets or lifts a block, written through to the store first.
     *
     * @return null when done; the refusal when the request is not valid (nothing changed).
     */
    ApiReply change(final BlockRequest request, final boolean blocked)
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
        return null;
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
        final String textProblem = firstNonNull(TextField.problem("vendor", vendor, LiveRouting.MAX_NAME_CHARS),
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
    int sync()
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

    /** What one block target is: vendor, prefix, or both; null for "any". */
    private record Target(String vendor, String prefix)
    {
    }
}
