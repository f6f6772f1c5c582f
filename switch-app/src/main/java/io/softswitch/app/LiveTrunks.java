package io.softswitch.app;

import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.TextField;
import io.softswitch.app.admin.TrunkApi;
import io.softswitch.app.admin.TrunksView;
import io.softswitch.app.config.ConfigException;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.CustomerDefinition;
import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.trunk.CustomerDirectory;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trunks of a running switch and their routing policy, as provisioned: read from the trunk
 * table at start (seeded once from the configuration file), created, replaced and removed by the
 * admin API, and applied without a restart to the SIP switch ({@link TrunkApplier}) and the LCR
 * engine.
 *
 * <p>A definition is validated by the configuration file's own reader ({@link ConfigFileReader}),
 * and the whole set as the file is: names unique across both sides, routing preferences naming
 * existing vendors, no two customers sharing a source and tech prefix. Nothing is stored or
 * applied unless the new set passes. Changes are serialized here.
 */
public final class LiveTrunks implements TrunkDirectory, TrunkApi, CallSimulator.Trunks
{
    private static final int MAX_NAME_CHARS = 64;

    private final ConfigFileReader reader;
    private final QualitySettings quality;
    private final TrunkStore store;
    private volatile TrunkSet current;
    private TrunkApplier applier = set -> { };

    /**
     * Applies a new trunk set to the running parts.
     */
    @FunctionalInterface
    public interface TrunkApplier
    {
        /**
         * Applies a validated set.
         *
         * @param set the new set.
         */
        void apply(TrunkSet set);
    }

    /**
     * A validated set of trunks.
     *
     * @param customerDefinitions customer definitions by name, in order.
     * @param vendorDefinitions   vendor definitions by name, in order.
     * @param customers           the customer trunks.
     * @param vendors             the vendor trunks.
     * @param routing             the routing policy of every customer.
     */
    public record TrunkSet(Map<String, String> customerDefinitions, Map<String, String> vendorDefinitions,
        List<CustomerTrunk> customers, List<VendorTrunk> vendors, RoutingSettings routing)
    {
        /**
         * The side a trunk is on.
         *
         * @param name the trunk.
         * @return its side, or {@code null}.
         */
        DeckDirection sideOf(final String name)
        {
            return customerDefinitions.containsKey(name) ? DeckDirection.CUSTOMER :
                vendorDefinitions.containsKey(name) ? DeckDirection.VENDOR : null;
        }
    }

    private LiveTrunks(final ConfigFileReader reader, final QualitySettings quality, final TrunkStore store,
        final TrunkSet current)
    {
        this.reader = reader;
        this.quality = quality;
        this.store = store;
        this.current = current;
    }

    /**
     * The trunks of the table (a switch with a database).
     *
     * @param reader  reads and validates each definition.
     * @param quality the quality thresholds of the configuration file (not provisioned per trunk).
     * @param store   the trunk table, already seeded.
     * @return the live trunks.
     * @throws ConfigException when a stored definition, or the stored set, is not valid.
     */
    public static LiveTrunks fromStore(final ConfigFileReader reader, final QualitySettings quality,
        final TrunkStore store)
    {
        final Map<String, String> customers = new LinkedHashMap<>();
        final Map<String, String> vendors = new LinkedHashMap<>();
        for (final TrunkStore.StoredTrunk trunk : store.list())
        {
            (trunk.side() == DeckDirection.CUSTOMER ? customers : vendors).put(trunk.name(), trunk.definition());
        }
        return new LiveTrunks(reader, quality, store, build(reader, quality, customers, vendors));
    }

    /**
     * The trunks of a configuration, fixed (a switch without a database: the API cannot change them).
     *
     * @param config   the signaling configuration.
     * @param settings the routing policy.
     * @return the live trunks.
     */
    public static LiveTrunks fixed(final SwitchConfig config, final RoutingSettings settings)
    {
        final Map<String, String> customers = new LinkedHashMap<>();
        config.customers().forEach(trunk -> customers.put(trunk.name(), ""));
        final Map<String, String> vendors = new LinkedHashMap<>();
        config.vendors().forEach(trunk -> vendors.put(trunk.name(), ""));
        return new LiveTrunks(null, settings.quality(), null,
            new TrunkSet(customers, vendors, config.customers(), config.vendors(), settings));
    }

    /**
     * Sets what applies a changed set to the running switch (once the switch is up).
     *
     * @param next the applier.
     */
    public synchronized void applier(final TrunkApplier next)
    {
        this.applier = next;
    }

    /**
     * The set in force.
     *
     * @return the set.
     */
    public TrunkSet current()
    {
        return current;
    }

    @Override
    public DeckDirection sideOf(final String trunk)
    {
        return trunk == null ? null : current.sideOf(trunk);
    }

    @Override
    public CustomerTrunk customer(final String name)
    {
        for (final CustomerTrunk trunk : current.customers())
        {
            if (trunk.name().equals(name))
            {
                return trunk;
            }
        }
        return null;
    }

    @Override
    public boolean isVendor(final String name)
    {
        return sideOf(name) == DeckDirection.VENDOR;
    }

    @Override
    public boolean known()
    {
        return true;
    }

    /**
     * The trunks in force, as {@code GET /api/trunks} shows them.
     *
     * @return the view.
     */
    public TrunksView view()
    {
        final TrunkSet set = current;
        return TrunksView.of(set.customers(), set.vendors());
    }

    /**
     * A stored definition, as {@code GET /api/customers/NAME} and {@code /api/vendors/NAME} answer it.
     *
     * @param side the side.
     * @param name the trunk.
     * @return the definition, or 404.
     */
    @Override
    public ApiReply definition(final DeckDirection side, final String name)
    {
        final TrunkSet set = current;
        final String definition = (side == DeckDirection.CUSTOMER ? set.customerDefinitions() : set.vendorDefinitions())
            .get(name);
        return definition == null ? ApiReply.notFound("no such " + lower(side) + " trunk: name=" + name) :
            ApiReply.ok(Map.of("name", name, "side", lower(side), "definition", definition));
    }

    /**
     * Creates or replaces a trunk from its definition, validated as the configuration file is, and
     * applies it.
     *
     * @param side       the side.
     * @param name       the trunk's name (the path's); the definition must carry the same.
     * @param definition the definition, YAML or JSON.
     * @return 201 created or 200 replaced with the trunks in force; 400, 404, 409 or 503 refused.
     */
    @Override
    public synchronized ApiReply put(final DeckDirection side, final String name, final String definition)
    {
        final ApiReply refused = checkName(name);
        if (refused != null)
        {
            return refused;
        }
        if (definition.indexOf('\uFFFD') >= 0)
        {
            return ApiReply.badRequest("body is not valid UTF-8");
        }
        final TrunkSet set = current;
        final DeckDirection existing = set.sideOf(name);
        if (existing != null && existing != side)
        {
            return ApiReply.error(409, "name taken by a " + lower(existing) + " trunk: name=" + name);
        }
        final Map<String, String> customers = new LinkedHashMap<>(set.customerDefinitions());
        final Map<String, String> vendors = new LinkedHashMap<>(set.vendorDefinitions());
        (side == DeckDirection.CUSTOMER ? customers : vendors).put(name, definition);
        final TrunkSet next;
        try
        {
            next = build(reader, quality, customers, vendors);
        }
        catch (final ConfigException | IllegalArgumentException ex)
        {
            return ApiReply.badRequest(ex.getMessage());
        }
        final boolean created = store.put(new TrunkStore.StoredTrunk(name, side, definition));
        install(next);
        return new ApiReply(created ? 201 : 200, view());
    }

    /**
     * Removes a trunk and applies the set without it; refused (409) while a customer's routing
     * names the vendor.
     *
     * @param side the side.
     * @param name the trunk.
     * @return 200 with the trunks in force; 404, 409 or 503 refused.
     */
    @Override
    public synchronized ApiReply remove(final DeckDirection side, final String name)
    {
        final ApiReply refused = checkName(name);
        if (refused != null)
        {
            return refused;
        }
        final TrunkSet set = current;
        if (set.sideOf(name) != side)
        {
            return ApiReply.notFound("no such " + lower(side) + " trunk: name=" + name);
        }
        final Map<String, String> customers = new LinkedHashMap<>(set.customerDefinitions());
        final Map<String, String> vendors = new LinkedHashMap<>(set.vendorDefinitions());
        (side == DeckDirection.CUSTOMER ? customers : vendors).remove(name);
        final TrunkSet next;
        try
        {
            next = build(reader, quality, customers, vendors);
        }
        catch (final ConfigException | IllegalArgumentException ex)
        {
            return ApiReply.error(409, "cannot remove " + name + ": the trunks left would not be valid: " + ex.getMessage());
        }
        store.remove(name);
        install(next);
        return ApiReply.ok(view());
    }

    private ApiReply checkName(final String name)
    {
        if (store == null)
        {
            return ApiReply.error(503, "no database: trunks come from the configuration file");
        }
        final String problem = TextField.problem("name", name, MAX_NAME_CHARS);
        return problem != null ? ApiReply.badRequest(problem) : null;
    }

    private void install(final TrunkSet next)
    {
        current = next;
        applier.apply(next);
    }

    private static TrunkSet build(final ConfigFileReader reader, final QualitySettings quality,
        final Map<String, String> customerDefinitions, final Map<String, String> vendorDefinitions)
    {
        final List<VendorTrunk> vendors = new ArrayList<>();
        for (final Map.Entry<String, String> definition : vendorDefinitions.entrySet())
        {
            final VendorTrunk vendor = reader.vendor("vendor " + definition.getKey(), definition.getValue());
            sameName(definition.getKey(), vendor.name());
            vendors.add(vendor);
        }
        final List<CustomerTrunk> customers = new ArrayList<>();
        final Map<String, CustomerRouting> routing = new HashMap<>();
        for (final Map.Entry<String, String> definition : customerDefinitions.entrySet())
        {
            final CustomerDefinition customer = reader.customer("customer " + definition.getKey(), definition.getValue(),
                vendorDefinitions.keySet());
            sameName(definition.getKey(), customer.trunk().name());
            if (vendorDefinitions.containsKey(definition.getKey()))
            {
                throw new IllegalArgumentException("duplicate trunk name: name=" + definition.getKey());
            }
            customers.add(customer.trunk());
            routing.put(customer.trunk().name(), customer.routing());
        }
        // The switch's own check: no two customers may share a source block and a tech prefix.
        new CustomerDirectory(customers);
        return new TrunkSet(new LinkedHashMap<>(customerDefinitions),
            new LinkedHashMap<>(vendorDefinitions), List.copyOf(customers), List.copyOf(vendors),
            new RoutingSettings(CustomerRouting.DEFAULT, routing, quality));
    }

    private static void sameName(final String expected, final String actual)
    {
        if (!expected.equals(actual))
        {
            throw new IllegalArgumentException("the definition's name differs from the trunk's: name=" + actual +
                " trunk=" + expected);
        }
    }

    private static String lower(final DeckDirection side)
    {
        return side.name().toLowerCase(Locale.ROOT);
    }
}
