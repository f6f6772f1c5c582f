package io.softswitch.e2e;

import java.util.HashMap;
import java.util.Map;

/**
 * The cumulative counters of one SIPp run, from the last line of its {@code -trace_stat} CSV.
 *
 * @param incomingCalls   calls created by a received INVITE (a uas).
 * @param outgoingCalls   calls SIPp placed (a uac).
 * @param successfulCalls calls that reached the end of the scenario.
 * @param failedCalls     calls that did not.
 */
record SippStatistics(long incomingCalls, long outgoingCalls, long successfulCalls, long failedCalls)
{
    /** Nothing measured: SIPp wrote no statistics (it never started a call, or was killed first). */
    static final SippStatistics NONE = new SippStatistics(0, 0, 0, 0);

    /**
     * Reads the statistics file's header and last line.
     *
     * @param csv the whole file; {@code ;} separated, a header line first.
     * @return the counters, or {@link #NONE} when the file holds no data line.
     */
    static SippStatistics parse(final String csv)
    {
        final String[] lines = csv.strip().split("\r?\n");
        if (lines.length < 2)
        {
            return NONE;
        }
        final String[] names = lines[0].split(";");
        final String[] values = lines[lines.length - 1].split(";");
        final Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++)
        {
            byName.put(names[i], values[i]);
        }
        return new SippStatistics(
            counter(byName, "IncomingCall(C)"),
            counter(byName, "OutgoingCall(C)"),
            counter(byName, "SuccessfulCall(C)"),
            counter(byName, "FailedCall(C)"));
    }

    private static long counter(final Map<String, String> byName, final String name)
    {
        final String value = byName.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException("sipp statistics lack a column: name=" + name);
        }
        return Long.parseLong(value.strip());
    }
}
