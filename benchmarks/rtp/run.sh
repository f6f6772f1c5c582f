#!/usr/bin/env bash
# RTP relay benchmark: our relay (a media node, controlled over Aeron UDP) and rtpengine from
# Debian in userspace mode (--table=-1, controlled over its ng protocol), each driven in the same
# run by the same load generator (benchmarks/.../rtp/RtpLoadGenerator): N calls of two 50 pps
# streams of 172-byte packets, on loopback. Also a run without relay (direct) for the latency
# baseline. Results go to stdout and to benchmarks/results/rtp-relay-<date>.md: the generator's
# lines, then a summary per call count: loss (target: zero), latency the relay adds over the
# direct run at p50 and p99 (target: p99 under 1 ms), CPU us per relayed packet and its ratio to
# rtpengine's (target: at most 0.5), and bytes our relay threads allocated per packet (target: 0).
#
#   flock /tmp/bench.lock benchmarks/rtp/run.sh                       (100, 500 and 2,000 calls, 20 s each)
#   flock /tmp/bench.lock benchmarks/rtp/run.sh "100 500 2000" 20
#   RELAY_THREADS=2 flock /tmp/bench.lock benchmarks/rtp/run.sh "100 500" 15   (our relay on 2 threads)
#   BURST=true flock /tmp/bench.lock benchmarks/rtp/run.sh "100 500" 15        (every call sends in the same instant)
#   REALTIME=10 flock /tmp/bench.lock benchmarks/rtp/run.sh "100 500" 10       (both relays' threads in SCHED_FIFO 10:
#                                            ours --realtime-priority 10, rtpengine --scheduling=fifo --priority=10)
#   GENERATOR_REALTIME=5 REALTIME=10 ... run.sh 100 10                         (the generator's thread in SCHED_FIFO 5,
#                                            so that its sends leave on time on a busy machine; light loads only: a
#                                            thread that needs most of a core in SCHED_FIFO is throttled by the kernel)
#   COALESCE_US=0 flock /tmp/bench.lock benchmarks/rtp/run.sh "100 500" 10     (ours: a turn per wake-up; unset: the
#                                            relay's default, at most one turn per 500 us while packets flow)
#   IO=io_uring flock /tmp/bench.lock benchmarks/rtp/run.sh "100 500 2000" 10  (ours: the io_uring backend, --io io_uring)
#   OURS_CLASSES=/tmp/b/classes flock /tmp/bench.lock benchmarks/rtp/run.sh 100 10  (our node runs that build of the
#                                            relay: a copy of rtp-proxy/target/classes, ahead of the packaged jar; for
#                                            A/B runs of two builds, alternated, without repackaging the benchmarks)
#
# The generator is one thread on one io_uring (RtpLoadGenerator, UringEndpoints): it sends each
# tick's due packets in one submission and sleeps until the next tick, never on its sockets, so a
# relay's send to it wakes nobody (as a send to a remote host); a packet's latency is from its send
# stamp to the kernel's arrival stamp at the far socket (SO_TIMESTAMPNS). Results before
# 2026-12-02 13:30 UTC came from a generator whose receiver thread slept on the sockets: its
# wake-ups were charged to the relays, in CPU and in latency.
# Each stream sends on its own phase of the 20 ms interval, spread evenly as independent phones'
# are; BURST=true puts every phase at 0, the worst case, where the k-th packet of a burst waits for
# the relay to handle the k - 1 before it. Sent and received are counted by the send stamp each
# packet carries; sending stops at the window's end and the window's last packets are waited for
# (not counted lost while in flight, at most 10 s);
# drops at the relay's sockets and at the generator's own are read from /proc/net/udp apart.
#
# Needs: rtpengine-daemon (apt-get install -y rtpengine-daemon), the benchmarks module built
# (mvn -B -q -DskipTests package -pl benchmarks -am).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
counts="${1:-100 500 2000}"
seconds="${2:-20}"
java="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
cp="$root/benchmarks/target/classes:$root/benchmarks/target/lib/*"
flags=(--enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseG1GC)
control=19990
reply=19991
ng=22222
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
out="$root/benchmarks/results/rtp-relay-$(date -u +%Y%m%d-%H%M%S).md"
log="$(mktemp -d)"

"$java" "${flags[@]}" -Xmx512m -cp "${OURS_CLASSES:+$OURS_CLASSES:}$cp" io.softswitch.rtp.control.MediaNodeMain \
    --control "127.0.0.1:$control" --bind 127.0.0.1 --ports 20000-29999 --threads "${RELAY_THREADS:-1}" --quarantine-ms 0 \
    --media-timeout-s 600 --realtime-priority "${REALTIME:-0}" ${COALESCE_US:+--coalesce-us "$COALESCE_US"} \
    ${IO:+--io "$IO"} >"$log/ours.log" 2>&1 &
ours=$!
scheduling=()
[[ "${REALTIME:-0}" != 0 ]] && scheduling=(--scheduling=fifo "--priority=$REALTIME")
rtpengine "${scheduling[@]}" --table=-1 --interface=127.0.0.1 --listen-ng="127.0.0.1:$ng" --port-min=30000 --port-max=59999 \
    --foreground --log-stderr --log-level=3 --timeout=600 --delete-delay=0 >"$log/rtpengine.log" 2>&1 &
rtpe=$!
cleanup() { kill "$ours" "$rtpe" 2>/dev/null || true; wait "$ours" "$rtpe" 2>/dev/null || true; rm -rf "$log"; }
trap cleanup EXIT
sleep 3
burst="${BURST:-false}"

# Our node is a JVM: one unreported pass at the largest count first, so that the measured windows
# see the relay compiled (its JIT compiler threads would otherwise run in the first window, and be
# counted as relay CPU, while rtpengine has nothing of the kind to do).
last="${counts##* }"
"$java" "${flags[@]}" -Xmx1g -cp "$cp" io.softswitch.benchmarks.rtp.RtpLoadGenerator \
    --target ours --calls "$last" --seconds 5 --pid "$ours" --burst "$burst" \
    --control "127.0.0.1:$control" --reply "127.0.0.1:$reply" --ng "127.0.0.1:$ng" >/dev/null 2>>"$log/generator.log" || true

{
    echo "# RTP relay: ours against rtpengine $(rtpengine --version 2>&1 | sed -n 's/Version: //p') (userspace, --table=-1)"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "Command: ${OURS_CLASSES:+OURS_CLASSES=$OURS_CLASSES }${BURST:+BURST=$BURST }${RELAY_THREADS:+RELAY_THREADS=$RELAY_THREADS }${REALTIME:+REALTIME=$REALTIME }${COALESCE_US:+COALESCE_US=$COALESCE_US }${IO:+IO=$IO }${GENERATOR_REALTIME:+GENERATOR_REALTIME=$GENERATOR_REALTIME }flock /tmp/bench.lock benchmarks/rtp/run.sh \"$counts\" $seconds"
    echo "Our relay: ${RELAY_THREADS:-1} relay thread(s), warmed by one unreported pass; rtpengine: its default threads (one per core). Scheduling of both relays' threads: $([[ "${REALTIME:-0}" != 0 ]] && echo "SCHED_FIFO $REALTIME" || echo 'normal'); ours coalescing: ${COALESCE_US:-500 (the default)} us; ours I/O backend: ${IO:-io_uring (default)}$(grep -q 'falls back to epoll' "$log/ours.log" 2>/dev/null && echo ' (refused: fell back to epoll)'); generator: one thread on io_uring, $([[ "${GENERATOR_REALTIME:-0}" != 0 ]] && echo "SCHED_FIFO $GENERATOR_REALTIME" || echo 'normal scheduling'), latency to the kernel's arrival stamp. 10 s warm-up, then $seconds s measured; phases: $([[ $burst == true ]] && echo 'burst (all at once)' || echo 'spread over the 20 ms')."
    echo
    echo '```'
} | tee "$out"
for calls in $counts; do
    for target in ours rtpengine direct; do
        pid=0
        [[ "$target" == ours ]] && pid=$ours
        [[ "$target" == rtpengine ]] && pid=$rtpe
        "$java" "${flags[@]}" -Xmx1g -cp "$cp" io.softswitch.benchmarks.rtp.RtpLoadGenerator \
            --target "$target" --calls "$calls" --seconds "$seconds" --pid "$pid" --burst "$burst" --realtime "${GENERATOR_REALTIME:-0}" \
            --control "127.0.0.1:$control" --reply "127.0.0.1:$reply" --ng "127.0.0.1:$ng" 2>>"$log/generator.log" \
            | tee -a "$out" || echo "target=$target calls=$calls FAILED: $(tail -3 "$log/generator.log")" | tee -a "$out"
    done
done
echo '```' | tee -a "$out"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"

# Summary: each count's ours and rtpengine lines against the direct line of the same count.
awk -f "$root/benchmarks/rtp/summary.awk" "$out" | tee -a "$out"
