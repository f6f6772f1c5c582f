package io.softswitch.benchmarks.signaling;

import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerDirectory;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Admission's trunk matching at carrier size: 1,000 customer trunks (a /32, a /29 or a /24 each,
 * one in five with a tech prefix); each operation matches one INVITE's source address and
 * Request-URI user part, sources drawn from every trunk. Vendors (500 in the target) take no part:
 * their messages reach their calls by the Call-ID the switch minted. Target: under 200 ns and
 * 0 B/op ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TrunkMatchBenchmark
{
    private static final int CUSTOMERS = 1_000;
    private static final int QUERIES = 1 << 12;

    private CustomerDirectory directory;
    private byte[][] sources;
    private String[] users;
    private int next;

    /**
     * Builds the trunks and the queries.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final Random random = new Random(42);
        final List<CustomerTrunk> customers = new ArrayList<>();
        final List<byte[]> addresses = new ArrayList<>();
        final List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++)
        {
            final int a = 10 + i / 250;
            final int b = i % 250;
            final int kind = i % 3;
            final String block = kind == 0 ? a + "." + b + ".1.7/32" : kind == 1 ? a + "." + b + ".2.8/29" :
                a + "." + b + ".3.0/24";
            final String techPrefix = i % 5 == 0 ? Integer.toString(1000 + i) : "";
            customers.add(new CustomerTrunk("customer-" + i, List.of(AddressRange.parse(block)), techPrefix,
                NumberRules.NONE, 100, 100, FailoverPolicy.defaults()));
            addresses.add(new byte[] {(byte)a, (byte)b, (byte)(kind + 1), (byte)(kind == 0 ? 7 : 9 + random.nextInt(5))});
            prefixes.add(techPrefix);
        }
        directory = new CustomerDirectory(customers);
        sources = new byte[QUERIES][];
        users = new String[QUERIES];
        for (int i = 0; i < QUERIES; i++)
        {
            final int trunk = random.nextInt(CUSTOMERS);
            sources[i] = addresses.get(trunk);
            users[i] = prefixes.get(trunk) + "4420794600" + (i % 10);
        }
    }

    /**
     * Matches one INVITE to its customer trunk.
     *
     * @return the trunk found.
     */
    @Benchmark
    public CustomerTrunk matchInvite()
    {
        final int i = next++ & (QUERIES - 1);
        return directory.match(sources[i], users[i]);
    }
}
