import io.softswitch.lcr.*;
import io.softswitch.ratedeck.*;
import java.time.Instant;
import java.util.*;
import java.lang.management.*;
Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
List<Rate> vr = new ArrayList<>(); List<Rate> cr = new ArrayList<>();
for (int p = 100; p < 1000; p++) { vr.add(new Rate(Integer.toString(p), "d", 1000 + p, 0, 60, 60, 0, t0, null)); cr.add(new Rate(Integer.toString(p), "d", 100000, 0, 60, 60, 0, t0, null)); }
List<TrunkRates> decks = new ArrayList<>();
for (int v = 0; v < 50; v++) decks.add(new TrunkRates("v" + v, DeckDirection.VENDOR, vr));
decks.add(new TrunkRates("cust", DeckDirection.CUSTOMER, cr));
RouteSnapshot snap = RouteSnapshot.build(decks, RoutingSettings.DEFAULT);
LcrEngine engine = LcrEngine.start(snap, () -> t0.toEpochMilli() + 1, 1 << 16, new com.lmax.disruptor.YieldingWaitStrategy());
class Answer implements RouteListener { volatile RouteResult r; public void onRoute(RouteResult x) { r = x; } }
Answer a = new Answer();
String[] numbers = new String[1024]; for (int i = 0; i < 1024; i++) numbers[i] = (100 + (i * 7) % 900) + "5550100";
void run(int n) { for (int i = 0; i < n; i++) { a.r = null; engine.route("cust", numbers[i & 1023], a); RouteResult r; while ((r = a.r) == null) Thread.onSpinWait(); r.release(); } }
run(300000);
com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
Thread eng = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("lcr-engine")).findFirst().get();
long e0 = mx.getThreadAllocatedBytes(eng.threadId()); long c0 = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
run(200000);
long e1 = mx.getThreadAllocatedBytes(eng.threadId()); long c1 = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
System.out.println("engine thread bytes per query: " + (e1 - e0) / 200000.0 + " (total " + (e1 - e0) + ")");
System.out.println("caller thread bytes per query: " + (c1 - c0) / 200000.0 + " (total " + (c1 - c0) + ")");
System.out.println("results allocated: " + engine.resultsAllocated());
engine.close();
/exit
