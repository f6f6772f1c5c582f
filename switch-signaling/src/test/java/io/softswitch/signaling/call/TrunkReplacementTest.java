package io.softswitch.signaling.call;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.lcr.CallRouting;
import io.softswitch.lcr.RouteListener;
import io.softswitch.lcr.TrunkIds;
import io.softswitch.lcr.VendorStates;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CallTimerPolicy;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trunks replaced at run time are numbered by the engine's ids: a new trunk takes the id appended
 * for it, a removed trunk's id is left empty (never given to another trunk), an unchanged trunk
 * keeps its run-time state, a changed one starts afresh under the same id.
 */
class TrunkReplacementTest
{
    private static final VendorTrunk VENDOR_1 = vendor("vendor-1", "127.0.0.2", 5060);
    private static final VendorTrunk VENDOR_2 = vendor("vendor-2", "127.0.0.3", 5060);
    private static final VendorTrunk VENDOR_3 = vendor("vendor-3", "127.0.0.4", 5060);
    private static final CustomerTrunk CUSTOMER = customer("customer", "127.0.0.1/32");
    private static final CustomerTrunk LATE_CUSTOMER = customer("late", "127.0.0.9/32");

    private final IdRouting engine = new IdRouting(TrunkIds.of(List.of("vendor-1", "vendor-2"), List.of("customer")));
    private final SwitchContext context = new SwitchContext(List.of(CUSTOMER), List.of(VENDOR_1, VENDOR_2), engine,
        new SwitchMetrics(new SimpleMeterRegistry()), SipTimers.RFC_3261, SipLimits.DEFAULT, () -> 0L, 1, "192.0.2.1",
        1);

    @Test
    void shouldGiveAnAddedTrunkTheAppendedIdAndKeepTheOthersState()
    {
        final Vendor first = context.trunks.vendor(0);
        final Vendor second = context.trunks.vendor(1);
        engine.ids = engine.ids.extend(List.of("vendor-1", "vendor-2", "vendor-3"), List.of("customer", "late"));

        context.replaceTrunks(List.of(CUSTOMER, LATE_CUSTOMER), List.of(VENDOR_1, VENDOR_2, VENDOR_3));

        assertThat(context.trunks.vendor(0)).isSameAs(first);
        assertThat(context.trunks.vendor(1)).isSameAs(second);
        assertThat(context.trunks.vendor(2).trunk).isEqualTo(VENDOR_3);
        assertThat(context.trunks.vendor(2).id).isEqualTo(2);
        final CustomerTrunk matched = context.trunks.directory().match(address("127.0.0.9"), "447700900123");
        assertThat(matched).isEqualTo(LATE_CUSTOMER);
        assertThat(context.trunks.customers().get(matched).id).isEqualTo(1);
    }

    @Test
    void shouldLeaveARemovedTrunksIdEmptyAndNeverReuseIt()
    {
        context.replaceTrunks(List.of(CUSTOMER), List.of(VENDOR_2));

        assertThat(context.trunks.vendor(0)).as("vendor-1's id is retired").isNull();
        assertThat(context.trunks.vendor(1).trunk).isEqualTo(VENDOR_2);
        assertThat(context.trunks.vendors()).hasSize(1);

        engine.ids = engine.ids.extend(List.of("vendor-2", "vendor-3"), List.of("customer"));
        context.replaceTrunks(List.of(CUSTOMER), List.of(VENDOR_2, VENDOR_3));

        assertThat(context.trunks.vendor(0)).as("a new trunk never takes a retired id").isNull();
        assertThat(context.trunks.vendor(2).trunk).isEqualTo(VENDOR_3);
    }

    @Test
    void shouldStartAChangedVendorAfreshUnderItsIdAndUpForTheEngine()
    {
        final Vendor before = context.trunks.vendor(1);
        engine.states.setDown(1, true);
        engine.states.setAtCapacity(1, true);
        final VendorTrunk moved = vendor("vendor-2", "127.0.0.5", 5080);

        context.replaceTrunks(List.of(CUSTOMER), List.of(VENDOR_1, moved));

        final Vendor after = context.trunks.vendor(1);
        assertThat(after).isNotSameAs(before);
        assertThat(after.trunk).isEqualTo(moved);
        assertThat(after.up).isTrue();
        assertThat(engine.states.isDown(1)).isFalse();
        assertThat(engine.states.isAtCapacity(1)).isFalse();
    }

    private static VendorTrunk vendor(final String name, final String host, final int port)
    {
        return new VendorTrunk(name, host, port, Transport.UDP, 100, 100, ProbePolicy.DISABLED);
    }

    private static CustomerTrunk customer(final String name, final String source)
    {
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        return new CustomerTrunk(name, List.of(AddressRange.parse(source)), "", NumberRules.NONE, 100, 100, defaults,
            CallTimerPolicy.DEFAULTS);
    }

    private static InetAddress address(final String literal)
    {
        return InetAddress.ofLiteral(literal);
    }

    /** Numbers trunks as the LCR engine does, by ids the test extends; routes nothing. */
    private static final class IdRouting implements CallRouting
    {
        final VendorStates states = new VendorStates(TrunkIds.MAX_IDS);
        TrunkIds ids;

        IdRouting(final TrunkIds ids)
        {
            this.ids = ids;
        }

        @Override
        public TrunkIds trunkIds()
        {
            return ids;
        }

        @Override
        public VendorStates vendorStates()
        {
            return states;
        }

        @Override
        public boolean tryRoute(final int customerId, final CharSequence e164Number, final RouteListener listener)
        {
            return false;
        }

        @Override
        public boolean onAttempt(final int vendorId, final CharSequence e164Number, final int sipCode, final long pddMs)
        {
            return true;
        }

        @Override
        public boolean onCallEnded(final int vendorId, final CharSequence e164Number, final long durationMs)
        {
            return true;
        }
    }
}
