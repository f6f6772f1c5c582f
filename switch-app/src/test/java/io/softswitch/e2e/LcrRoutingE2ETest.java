package io.softswitch.e2e;

import io.softswitch.lcr.QualityAction;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.RouteSimulation;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.NUMBER;
import static io.softswitch.e2e.SwitchConfigs.customer;
import static io.softswitch.e2e.SwitchConfigs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch routed by the LCR engine from rate decks (issue 3, "Wiring and proof"), with SIPp
 * carriers: the cheapest vendor takes the calls; a vendor priced above the customer's sell rate
 * never sees an INVITE; a cheapest vendor that starts rejecting most calls loses them to the next
 * one within the quality window, and wins them back once it recovers and its bad samples age out;
 * snapshots swapped under load fail no call.
 */
@Tag("e2e")
@Timeout(120)
class LcrRoutingE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Quality window of 5 one-second buckets; judged from 5 attempts; under 50 % ASR demotes. */
    private static final QualitySettings FAST_QUALITY =
        new QualitySettings(4, 1_000, 5, 5, 500, 0, 0, Long.MAX_VALUE, QualityAction.DEMOTE, 500);
    private static final long WINDOW_MS = 5 * 1_000;
    private static final QualitySettings NO_THRESHOLDS =
        new QualitySettings(4, 1_000, 5, 5, 0, 0, 0, Long.MAX_VALUE, QualityAction.DEMOTE, 500);

    @RegisterExtension
    final LoopbackCarriers carriers = new LoopbackCarriers();

    @Test
    void shouldGiveEveryCallToTheCheapestVendor()
    {
        final SippProcess mid = uas("uas-answer.xml", "vendor-mid", 1);
        final SippProcess cheap = uas("uas-answer.xml", "vendor-cheap", 5);
        final SippProcess dear = uas("uas-answer.xml", "vendor-dear", 1);
        final CustomerTrunk customer = customer(LOOPBACK + "/32", 10);
        final List<VendorTrunk> vendors = List.of(vendor("vendor-mid", mid.localPort(), Transport.UDP),
            vendor("vendor-cheap", cheap.localPort(), Transport.UDP), vendor("vendor-dear", dear.localPort(), Transport.UDP));
        carriers.startSwitch(SwitchConfigs.snapshot(customer, vendors, new long[] {4_000, 3_000, 5_000}, FAST_QUALITY),
            customer, vendors.toArray(VendorTrunk[]::new));

        carriers.start(carriers.customer("uac-basic.xml", Transport.UDP).calls(5).callsPerSecond(10).holdMs(50),
            "customer").awaitSuccess(DEADLINE);

        assertThat(cheap.receivedRequests("INVITE")).hasSize(5);
        assertThat(mid.receivedRequests("INVITE")).isEmpty();
        assertThat(dear.receivedRequests("INVITE")).isEmpty();
    }

    @Test
    void shouldNeverOfferACallToAVendorPricedAboveTheSellRate()
    {
        final SippProcess rejecting = uas("uas-503.xml", "vendor-rejecting", 3);
        final SippProcess aboveSell = uas("uas-answer.xml", "vendor-above-sell", 1);
        final SippProcess answering = uas("uas-answer.xml", "vendor-answering", 3);
        final CustomerTrunk customer = customer(LOOPBACK + "/32", 10);
        final List<VendorTrunk> vendors = List.of(vendor("vendor-rejecting", rejecting.localPort(), Transport.UDP),
            vendor("vendor-above-sell", aboveSell.localPort(), Transport.UDP),
            vendor("vendor-answering", answering.localPort(), Transport.UDP));
        // The customer pays 0.010000 a minute; 0.012000 would lose money on every minute.
        final long[] prices = {2_000, SwitchConfigs.SELL_MICROS + 2_000, 8_000};
        carriers.startSwitch(SwitchConfigs.snapshot(customer, vendors, prices, NO_THRESHOLDS),
            customer, vendors.toArray(VendorTrunk[]::new));

        // Every call fails on the cheapest vendor first, so the hunt goes on: past the unprofitable
        // vendor, to the one that still makes money.
        carriers.start(carriers.customer("uac-basic.xml", Transport.UDP).calls(3).callsPerSecond(10).holdMs(50),
            "customer").awaitSuccess(DEADLINE);

        assertThat(rejecting.receivedRequests("INVITE")).hasSize(3);
        assertThat(answering.receivedRequests("INVITE")).hasSize(3);
        assertThat(aboveSell.receivedRequests("INVITE")).isEmpty();
    }

    @Test
    void shouldShiftTrafficAwayFromAFailingCheapestVendorAndBackWhenItRecovers() throws InterruptedException
    {
        final SippProcess failing = uas("uas-503-most.xml", "vendor-cheap-failing", 20);
        final SippProcess backup = uas("uas-answer.xml", "vendor-backup", 40);
        final int cheapPort = failing.localPort();
        final CustomerTrunk customer = customer(LOOPBACK + "/32", 10);
        final List<VendorTrunk> vendors = List.of(vendor("vendor-cheap", cheapPort, Transport.UDP),
            vendor("vendor-backup", backup.localPort(), Transport.UDP));
        carriers.startSwitch(SwitchConfigs.snapshot(customer, vendors, new long[] {2_000, 6_000}, FAST_QUALITY),
            customer, vendors.toArray(VendorTrunk[]::new));

        // The cheapest vendor answers 503 to most INVITEs (four in five, the fifth it answers: a
        // fixed pattern, so the counts below are exact, not a probability): each rejected call
        // fails over to the backup, and once it has minSamples (5) outcomes in the window, an ASR
        // of 20 % demotes it behind the backup.
        carriers.start(carriers.customer("uac-basic.xml", Transport.UDP).calls(20).callsPerSecond(20).holdMs(20),
            "customer-failing").awaitSuccess(DEADLINE);

        // At least the 5 INVITEs that make the judgement; at most 3 more, sent at 20 a second in
        // the milliseconds before the fifth outcome is in.
        final int triedWhileFailing = failing.receivedRequests("INVITE").size();
        assertThat(triedWhileFailing).isBetween(5, 8);
        // Of 5 to 8 INVITEs it answers exactly one, the fifth; every other call went to the backup.
        final long answeredByCheapest = failing.sentMessages().stream()
            .filter(message -> LoopbackCarriers.isResponse(message, 200, "INVITE"))
            .map(message -> LoopbackCarriers.header(message, "Call-ID"))
            .distinct()
            .count();
        assertThat(answeredByCheapest).isEqualTo(1);
        assertThat(backup.receivedRequests("INVITE")).hasSize(20 - (int)answeredByCheapest);
        assertThat(simulate().vendorNames()).containsExactly("vendor-backup", "vendor-cheap");

        // It recovers (a carrier that answers takes its place), and once its failures have aged
        // out of the window it is first again and takes the calls.
        failing.close();
        final SippProcess recovered = carriers.start(SippProcess.uas("uas-answer.xml").localPort(cheapPort).calls(10),
            "vendor-cheap-recovered");
        Thread.sleep(WINDOW_MS + 1_000);
        assertThat(simulate().vendorNames()).containsExactly("vendor-cheap", "vendor-backup");
        carriers.start(carriers.customer("uac-basic.xml", Transport.UDP).calls(10).callsPerSecond(20).holdMs(20),
            "customer-recovered").awaitSuccess(DEADLINE);

        assertThat(recovered.receivedRequests("INVITE")).hasSize(10);
        assertThat(backup.receivedRequests("INVITE")).hasSize(20 - (int)answeredByCheapest);
    }

    @Test
    void shouldCarryEveryCallWhileSnapshotsAreSwappedUnderLoad() throws InterruptedException
    {
        final SippProcess first = uas("uas-answer.xml", "vendor-first", 60);
        final SippProcess second = uas("uas-answer.xml", "vendor-second", 60);
        final CustomerTrunk customer = customer(LOOPBACK + "/32", 100);
        final List<VendorTrunk> vendors = List.of(vendor("vendor-first", first.localPort(), Transport.UDP),
            vendor("vendor-second", second.localPort(), Transport.UDP));
        final RouteSnapshot firstCheapest = SwitchConfigs.snapshot(customer, vendors, new long[] {2_000, 3_000}, NO_THRESHOLDS);
        final RouteSnapshot secondCheapest = SwitchConfigs.snapshot(customer, vendors, new long[] {3_000, 2_000}, NO_THRESHOLDS);
        carriers.startSwitch(firstCheapest, customer, vendors.toArray(VendorTrunk[]::new));

        final SippProcess calls = carriers.start(
            carriers.customer("uac-basic.xml", Transport.UDP).calls(60).callsPerSecond(30).holdMs(200), "customer");
        // Hot reload (issue 3): a new snapshot every 50 ms while calls are set up and torn down.
        for (int swap = 0; swap < 40 && calls.isAlive(); swap++)
        {
            carriers.engine().swap(swap % 2 == 0 ? secondCheapest : firstCheapest);
            Thread.sleep(50);
        }
        calls.awaitSuccess(DEADLINE);

        assertThat(first.receivedRequests("INVITE").size() + second.receivedRequests("INVITE").size()).isEqualTo(60);
        assertThat(first.receivedRequests("INVITE")).isNotEmpty();
        assertThat(second.receivedRequests("INVITE")).isNotEmpty();
    }

    /**
     * A vendor carrier that takes at most {@code calls} calls (SIPp's {@code -m}) before it exits;
     * one that should see none still listens until then.
     */
    private SippProcess uas(final String scenario, final String name, final int calls)
    {
        return carriers.start(SippProcess.uas(scenario).calls(calls), name);
    }

    private RouteSimulation simulate()
    {
        return carriers.engine().simulate("customer-a", NUMBER, Instant.now()).join();
    }
}
