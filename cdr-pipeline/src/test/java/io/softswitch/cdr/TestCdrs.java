package io.softswitch.cdr;

/**
 * CDRs with known content for the tests.
 */
public final class TestCdrs
{
    private TestCdrs()
    {
    }

    /**
     * Fills a record for call number {@code n}: one failed attempt then one answered attempt of
     * {@code durationMs}, started at {@code startMs}.
     *
     * @param record     the record to fill.
     * @param n          the call's number (goes into the Call-IDs).
     * @param startMs    INVITE received, epoch ms.
     * @param durationMs answered duration, ms (0 for an unanswered call).
     * @return the record.
     */
    public static CdrRecord call(final CdrRecord record, final long n, final long startMs, final long durationMs)
    {
        final boolean answered = durationMs > 0;
        final long answerMs = startMs + 2_000;
        final long endMs = answered ? answerMs + durationMs : startMs + 3_000;
        record.clear()
            .nodeId("node-a")
            .customer("acme", "cust-" + n + "@10.0.0.1", "3312345678", "0012125550100", "12125550100")
            .times(startMs, startMs + 100, answered ? answerMs : 0, endMs)
            .ending(answered ? 200 : 503, answered ? "CUSTOMER_BYE" : "ATTEMPTS_FAILED",
                answered ? CallParty.CUSTOMER : CallParty.SWITCH)
            .sell("1212", 12_000);
        record.addAttempt()
            .route("vendor-b", "ours-" + n + "-1", "12125550100", "1", 7_000)
            .outcome(startMs + 10, startMs + 60, 0, startMs + 900, 503);
        record.addAttempt()
            .route("vendor-a", "ours-" + n + "-2", "12125550100", "1212", 6_500)
            .outcome(startMs + 900, startMs + 1_000, answered ? answerMs : 0, endMs, answered ? 200 : 486);
        record.customerMedia().set(3, 1000, 2_500, 431);
        return record;
    }
}
