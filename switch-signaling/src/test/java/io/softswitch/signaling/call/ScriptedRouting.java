package io.softswitch.signaling.call;

import io.softswitch.lcr.CallRouting;
import io.softswitch.lcr.RouteListener;
import io.softswitch.lcr.RouteResult;
import io.softswitch.lcr.TrunkIds;
import io.softswitch.lcr.VendorStates;

import java.util.ArrayList;
import java.util.List;

/**
 * The LCR engine played by a test, for {@link EmbeddedCallLoop}: customer {@code customer},
 * vendors {@code vendor-1} and {@code vendor-2}. It answers every query at once with the answer
 * set, keeps it for the test to answer later when none is set, or refuses it like a full ring;
 * and it records the quality samples the calls report, as {@code vendor:code} and
 * {@code vendor:ended}.
 */
final class ScriptedRouting implements CallRouting
{
    static final TrunkIds IDS = TrunkIds.of(List.of("vendor-1", "vendor-2"), List.of("customer"));

    final List<String> samples = new ArrayList<>();
    final List<RouteListener> queries = new ArrayList<>();
    private final VendorStates states = new VendorStates(IDS.vendorCount());
    RouteResult answer;
    boolean full;

    /**
     * Starts answering every query with the vendors given.
     *
     * @param vendors vendor names, best first.
     */
    ScriptedRouting(final String... vendors)
    {
        answer = vendors.length == 0 ? null : routed(vendors);
    }

    static RouteResult routed(final String... vendors)
    {
        return RouteResult.routed(IDS, List.of(vendors));
    }

    @Override
    public TrunkIds trunkIds()
    {
        return IDS;
    }

    @Override
    public VendorStates vendorStates()
    {
        return states;
    }

    @Override
    public boolean tryRoute(final int customerId, final CharSequence e164Number, final RouteListener listener)
    {
        if (full)
        {
            return false;
        }
        if (answer != null)
        {
            listener.onRoute(answer);
        }
        else
        {
            queries.add(listener);
        }
        return true;
    }

    @Override
    public boolean onAttempt(final int vendorId, final CharSequence e164Number, final int sipCode, final long pddMs)
    {
        samples.add(IDS.vendorName(vendorId) + ":" + sipCode);
        return true;
    }

    @Override
    public boolean onCallEnded(final int vendorId, final CharSequence e164Number, final long durationMs)
    {
        samples.add(IDS.vendorName(vendorId) + ":ended");
        return true;
    }
}
