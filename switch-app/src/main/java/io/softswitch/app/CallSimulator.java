package io.softswitch.app;

import io.softswitch.lcr.RouteSimulation;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.UnknownCustomerException;
import io.softswitch.ratedeck.DeckDates;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The route simulator's front: takes a number as the customer dials it and turns it into what a
 * call would route, with the trunk's own rules, before the LCR engine is asked. Shared by the
 * admin API ({@link LiveRouting}) and the command line ({@link OfflineCommand}).
 *
 * <p>As a call does (docs/lcr-engine.md, "Route simulator"): the trunk's tech prefix must lead the
 * number and is removed; the rest goes through the trunk's {@link NumberRules} (the same code the
 * call path runs) to E.164 digits. A number the rules cannot turn into digits, or without the
 * tech prefix, is answered "not routed" with the reason, as a call would be refused. A name that
 * is not a customer trunk is {@link UnknownCustomerException}.
 */
final class CallSimulator
{
    /** Longest number accepted as dialled: far beyond any E.164 number plus a tech prefix. */
    static final int MAX_DIALLED_LENGTH = 64;

    /**
     * How the engine answers an E.164 number once it is known.
     */
    @FunctionalInterface
    interface Answer
    {
        /**
         * Simulates a query.
         *
         * @param customer customer trunk name.
         * @param e164     the number after the trunk's rules.
         * @param at       the instant whose rates apply.
         * @return the simulation.
         */
        RouteSimulation simulate(String customer, String e164, Instant at);
    }

    /**
     * The trunks the simulator checks a name against, as they are now (a switch whose trunks are
     * provisioned at run time answers from its live directory).
     */
    interface Trunks
    {
        /** No trunks known (decks alone): numbers are taken as E.164 digits, the engine judges the name. */
        Trunks NONE = new Trunks()
        {
            @Override
            public CustomerTrunk customer(final String name)
            {
                return null;
            }

            @Override
            public boolean isVendor(final String name)
            {
                return false;
            }

            @Override
            public boolean known()
            {
                return false;
            }
        };

        /**
         * A customer trunk by name.
         *
         * @param name the name.
         * @return the trunk, or null when no customer trunk has that name.
         */
        CustomerTrunk customer(String name);

        /**
         * Whether a name is a vendor trunk's.
         *
         * @param name the name.
         * @return true for a vendor.
         */
        boolean isVendor(String name);

        /**
         * Whether the trunks are known at all.
         *
         * @return false for {@link #NONE}.
         */
        boolean known();

        /**
         * The trunks of a fixed configuration.
         *
         * @param customers the customer trunks.
         * @param vendors   the vendor trunks.
         * @return the lookup.
         */
        static Trunks of(final List<CustomerTrunk> customers, final List<VendorTrunk> vendors)
        {
            final Map<String, CustomerTrunk> byName = new HashMap<>();
            customers.forEach(trunk -> byName.put(trunk.name(), trunk));
            final Set<String> vendorNames = new HashSet<>();
            vendors.forEach(trunk -> vendorNames.add(trunk.name()));
            return new Trunks()
            {
                @Override
                public CustomerTrunk customer(final String name)
                {
                    return byName.get(name);
                }

                @Override
                public boolean isVendor(final String name)
                {
                    return vendorNames.contains(name);
                }

                @Override
                public boolean known()
                {
                    return true;
                }
            };
        }
    }

    private final Trunks trunks;
    private final Supplier<RoutingSettings> settings;

    /**
     * Creates the simulator.
     *
     * @param trunks   the trunks, as they are at each request.
     * @param settings the routing policy, as it is at each request.
     */
    CallSimulator(final Trunks trunks, final Supplier<RoutingSettings> settings)
    {
        this.trunks = trunks;
        this.settings = settings;
    }

    /**
     * Reads the simulator's {@code at}: the forms rate decks use ({@link DeckDates}).
     *
     * @param text the text, or null for now.
     * @param now  now.
     * @return the instant.
     * @throws IllegalArgumentException naming the accepted forms when the text is none of them.
     */
    static Instant at(final String text, final Instant now)
    {
        if (text == null)
        {
            return now;
        }
        final Instant at = DeckDates.parse(text);
        if (at == null)
        {
            throw new IllegalArgumentException("at must be a date (2026-03-01), a date-time in UTC (2026-03-01T14:30) " +
                "or with an offset (2026-03-01T14:30:00+02:00): at=" + text);
        }
        return at;
    }

    /**
     * Checks the number's characters (digits, and {@code +}, {@code #}, {@code *} as dialled).
     *
     * @param dialled the number.
     * @throws IllegalArgumentException when it is empty, too long or holds anything else.
     */
    static void checkDialled(final String dialled)
    {
        if (dialled == null || dialled.isEmpty() || dialled.length() > MAX_DIALLED_LENGTH ||
            !dialled.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '+' || c == '#' || c == '*'))
        {
            throw new IllegalArgumentException("number must be 1 to " + MAX_DIALLED_LENGTH +
                " characters of digits, '+', '#' or '*' as the customer dials it");
        }
    }

    /**
     * Simulates a call from a customer trunk to a number as dialled.
     *
     * @param customer customer trunk name.
     * @param dialled  the number as dialled (checked with {@link #checkDialled}).
     * @param at       the instant whose rates apply.
     * @param answer   the engine.
     * @return the simulation, {@link RouteSimulation#dialled()} as given.
     * @throws UnknownCustomerException when no customer trunk has that name.
     */
    RouteSimulation simulate(final String customer, final String dialled, final Instant at, final Answer answer)
    {
        final CustomerTrunk trunk = trunks.customer(customer);
        if (trunk == null)
        {
            if (trunks.known() || trunks.isVendor(customer))
            {
                throw new UnknownCustomerException(customer, trunks.isVendor(customer));
            }
            return answer.simulate(customer, dialled.startsWith("+") ? dialled.substring(1) : dialled, at)
                .dialledAs(dialled);
        }
        final String techPrefix = trunk.techPrefix();
        if (!dialled.startsWith(techPrefix))
        {
            return RouteSimulation.unroutable(customer, dialled, at, settings.get().customer(customer),
                "number does not start with the trunk's tech prefix '" + techPrefix +
                    "': a call without it is not taken as this customer's");
        }
        final String e164 = trunk.numberRules().normalize(dialled.substring(techPrefix.length()));
        if (e164 == null)
        {
            return RouteSimulation.unroutable(customer, dialled, at, settings.get().customer(customer),
                "the trunk's number rules leave no E.164 digits: a call is answered 404");
        }
        return answer.simulate(customer, e164, at).dialledAs(dialled);
    }
}
