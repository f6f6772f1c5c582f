package io.softswitch.lcr;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test fixture: routes one number through a running engine, as the call path does (a query that
 * must be taken), and waits for the answer.
 */
final class RouteAnswers
{
    private RouteAnswers()
    {
    }

    /**
     * The first vendor of the engine's answer for a number.
     *
     * @param engine     the running engine.
     * @param customerId the customer's id.
     * @param number     the dialled number.
     * @return the first vendor's name.
     * @throws Exception when no answer comes within 10 s.
     */
    static String firstVendor(final LcrEngine engine, final int customerId, final String number) throws Exception
    {
        final CompletableFuture<String> firstVendor = new CompletableFuture<>();
        assertThat(engine.tryRoute(customerId, number, result ->
        {
            firstVendor.complete(result.vendor(0));
            result.release();
        })).isTrue();
        return firstVendor.get(10, TimeUnit.SECONDS);
    }
}
