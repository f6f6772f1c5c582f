package io.softswitch.app.admin;

import io.softswitch.lcr.ExclusionReason;
import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualityFigures;
import io.softswitch.lcr.RouteResult;
import io.softswitch.lcr.RouteSimulation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminJsonTest
{
    @Test
    void shouldWriteASimulationWithMicroUnitsReasonsAndIsoInstantInComponentOrder()
    {
        final RouteSimulation simulation = new RouteSimulation("cust", "0044201", "44201",
            Instant.parse("2026-01-01T00:00:00Z"), false, RouteResult.Outcome.ROUTED, null, OrderingMode.WEIGHTED, 2,
            new RouteSimulation.SellRate("44", "dest-44", 10_000, 0),
            List.of(new RouteSimulation.VendorRoute("cheap", 1, "4420", "dest-4420", 4_000L, 0L, 6_000L, 6_000L,
                new QualityFigures("4420", 20, 2, 100, 100, -1, 1_000, true), true, null, 70, 7_000L)),
            List.of(new RouteSimulation.VendorRoute("elsewhere", 0, null, null, null, null, null, null, null, false,
                ExclusionReason.NO_RATE, 1, null)));

        final String json = text(simulation);

        assertThat(json).isEqualTo("{\"customer\":\"cust\",\"dialled\":\"0044201\",\"number\":\"44201\","
            + "\"at\":\"2026-01-01T00:00:00Z\",\"ratesFromHistory\":false,\"outcome\":\"ROUTED\",\"note\":null,"
            + "\"mode\":\"WEIGHTED\",\"maxAttempts\":2,\"sellRate\":{\"prefix\":\"44\",\"destination\":\"dest-44\","
            + "\"ratePerMinuteMicros\":10000,\"connectFeeMicros\":0},"
            + "\"routes\":[{\"vendor\":\"cheap\",\"position\":1,\"prefix\":\"4420\",\"destination\":\"dest-4420\","
            + "\"ratePerMinuteMicros\":4000,\"connectFeeMicros\":0,\"marginMicros\":6000,\"marginBasisPoints\":6000,"
            + "\"quality\":{\"group\":\"4420\",\"attempts\":20,\"answered\":2,\"asrPermille\":100,\"nerPermille\":100,"
            + "\"acdMs\":-1,\"pddMs\":1000,\"enoughSamples\":true},\"demoted\":true,\"exclusion\":null,"
            + "\"weight\":70,\"firstChoiceShareBasisPoints\":7000}],"
            + "\"excluded\":[{\"vendor\":\"elsewhere\",\"position\":0,\"prefix\":null,\"destination\":null,"
            + "\"ratePerMinuteMicros\":null,\"connectFeeMicros\":null,\"marginMicros\":null,\"marginBasisPoints\":null,"
            + "\"quality\":null,\"demoted\":false,\"exclusion\":\"NO_RATE\",\"weight\":1,"
            + "\"firstChoiceShareBasisPoints\":null}]}");
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters()
    {
        assertThat(text(Map.of("error", "bad \"name\" \\ here\n\u0001")))
            .isEqualTo("{\"error\":\"bad \\\"name\\\" \\\\ here\\n\\u0001\"}");
    }

    @Test
    void shouldReadABlockRequestAndTreatEmptyFieldsAsAbsent()
    {
        final BlockRequest request = AdminJson.read(
            "{\"vendor\":\"vendor-a\",\"prefix\":\"\",\"reason\":\"fraud on 44\"}".getBytes(StandardCharsets.UTF_8),
            BlockRequest.class);

        assertThat(request).isEqualTo(new BlockRequest("vendor-a", null, "fraud on 44"));
    }

    @Test
    void shouldRefuseAMisspeltField()
    {
        assertThatThrownBy(() -> AdminJson.read("{\"vendr\":\"vendor-a\"}".getBytes(StandardCharsets.UTF_8),
            BlockRequest.class))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("vendr");
    }

    @Test
    void shouldRefuseABodyThatIsNotJson()
    {
        assertThatThrownBy(() -> AdminJson.read("vendor=a".getBytes(StandardCharsets.UTF_8), BlockRequest.class))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("body is not a BlockRequest JSON object");
    }

    private static String text(final Object value)
    {
        return new String(AdminJson.write(value), StandardCharsets.UTF_8);
    }
}
