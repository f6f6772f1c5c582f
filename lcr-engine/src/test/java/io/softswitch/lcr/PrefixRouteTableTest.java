package io.softswitch.lcr;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrefixRouteTableTest
{
    private static final List<StaticRoute> OVERLAPPING = List.of(
        new StaticRoute("1", List.of("one")),
        new StaticRoute("12", List.of("twelve")),
        new StaticRoute("120", List.of("one-twenty", "backup")),
        new StaticRoute("1201", List.of("twelve-oh-one")));

    @Test
    void shouldPickLongestOfOverlappingPrefixes()
    {
        final PrefixRouteTable table = new PrefixRouteTable(OVERLAPPING);

        assertThat(table.lookup("12015550100").vendors()).containsExactly("twelve-oh-one");
        assertThat(table.lookup("12025550100").vendors()).containsExactly("one-twenty", "backup");
        assertThat(table.lookup("12155501").vendors()).containsExactly("twelve");
        assertThat(table.lookup("13105550100").vendors()).containsExactly("one");
    }

    @Test
    void shouldMatchWhenNumberEqualsPrefix()
    {
        final PrefixRouteTable table = new PrefixRouteTable(OVERLAPPING);

        assertThat(table.lookup("1201").vendors()).containsExactly("twelve-oh-one");
        assertThat(table.lookup("120").vendors()).containsExactly("one-twenty", "backup");
    }

    @Test
    void shouldFallBackToShorterPrefixWhenLongerPathHasNoRoute()
    {
        final PrefixRouteTable table = new PrefixRouteTable(List.of(
            new StaticRoute("4", List.of("four")),
            new StaticRoute("44207", List.of("london"))));

        assertThat(table.lookup("44161").vendors()).containsExactly("four");
        assertThat(table.lookup("4420").vendors()).containsExactly("four");
    }

    @Test
    void shouldAnswerNoRouteWhenNoPrefixMatches()
    {
        final PrefixRouteTable table = new PrefixRouteTable(OVERLAPPING);

        assertThat(table.lookup("4420")).isSameAs(RouteResult.NO_ROUTE);
        assertThat(table.lookup("")).isSameAs(RouteResult.NO_ROUTE);
    }

    @Test
    void shouldRouteEveryNumberByEmptyPrefixWhenNothingLongerMatches()
    {
        final List<StaticRoute> routes = new ArrayList<>(OVERLAPPING);
        routes.add(new StaticRoute("", List.of("default")));
        final PrefixRouteTable table = new PrefixRouteTable(routes);

        assertThat(table.lookup("4420").vendors()).containsExactly("default");
        assertThat(table.lookup("").vendors()).containsExactly("default");
        assertThat(table.lookup("1209").vendors()).containsExactly("one-twenty", "backup");
    }

    @Test
    void shouldRefuseNumbersWithNonDigits()
    {
        final PrefixRouteTable table = new PrefixRouteTable(List.of(new StaticRoute("", List.of("default"))));

        assertThat(table.lookup("+4420")).isSameAs(RouteResult.NO_ROUTE);
        assertThat(table.lookup("44x20")).isSameAs(RouteResult.NO_ROUTE);
        assertThat(table.lookup("4420:")).isSameAs(RouteResult.NO_ROUTE);
    }

    @Test
    void shouldAnswerNoRouteFromEmptyTable()
    {
        assertThat(new PrefixRouteTable(List.of()).lookup("123")).isSameAs(RouteResult.NO_ROUTE);
    }

    @Test
    void shouldRejectDuplicatePrefix()
    {
        assertThatThrownBy(() -> new PrefixRouteTable(List.of(
            new StaticRoute("44", List.of("a")),
            new StaticRoute("44", List.of("b")))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("duplicate route prefix: prefix=44");
    }

    @Test
    void shouldAnswerOnCallerThreadBeforeReturning()
    {
        final PrefixRouteTable table = new PrefixRouteTable(OVERLAPPING);
        final AtomicReference<Thread> answeredOn = new AtomicReference<>();
        final AtomicReference<RouteResult> answer = new AtomicReference<>();

        table.route("customer-a", new StringBuilder("1201999"), result ->
        {
            answeredOn.set(Thread.currentThread());
            answer.set(result);
        });

        assertThat(answeredOn.get()).isSameAs(Thread.currentThread());
        assertThat(answer.get().vendors()).containsExactly("twelve-oh-one");
    }

    @Test
    void shouldReturnSameResultInstanceForEveryQueryOfOnePrefix()
    {
        final PrefixRouteTable table = new PrefixRouteTable(OVERLAPPING);

        assertThat(table.lookup("1201555")).isSameAs(table.lookup("1201666"));
    }

    @Property(tries = 300)
    void shouldAgreeWithLinearLongestPrefixScan(
        @ForAll("routeSets") final Map<String, String> prefixToVendor,
        @ForAll("numbers") final String number)
    {
        final List<StaticRoute> routes = new ArrayList<>();
        prefixToVendor.forEach((prefix, vendor) -> routes.add(new StaticRoute(prefix, List.of(vendor))));
        final PrefixRouteTable table = new PrefixRouteTable(routes);

        String expectedPrefix = null;
        for (final String prefix : prefixToVendor.keySet())
        {
            if (number.startsWith(prefix) && (expectedPrefix == null || prefix.length() > expectedPrefix.length()))
            {
                expectedPrefix = prefix;
            }
        }

        final RouteResult result = table.lookup(number);
        if (expectedPrefix == null)
        {
            assertThat(result).isSameAs(RouteResult.NO_ROUTE);
        }
        else
        {
            assertThat(result.vendors()).containsExactly(prefixToVendor.get(expectedPrefix));
        }
    }

    @Provide
    Arbitrary<Map<String, String>> routeSets()
    {
        // Few distinct digits so that generated prefixes overlap often.
        final Arbitrary<String> prefixes = Arbitraries.strings().withChars("123").ofMinLength(0).ofMaxLength(5);
        return prefixes.list().ofMaxSize(20).map(list ->
        {
            final Map<String, String> map = new LinkedHashMap<>();
            list.forEach(prefix -> map.put(prefix, "v" + prefix));
            return map;
        });
    }

    @Provide
    Arbitrary<String> numbers()
    {
        return Arbitraries.strings().withChars("1234").ofMinLength(0).ofMaxLength(8);
    }
}
