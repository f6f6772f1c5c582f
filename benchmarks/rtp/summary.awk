# Summarises benchmarks/rtp/run.sh output: for each call count, ours and rtpengine against the
# direct run of the same count (the latency a relay adds), their CPU per packet against
# rtpengine's, and the bytes our relay threads allocated per packet; then which targets are met
# (zero loss, added p99 under 1 ms, CPU at most half of rtpengine's, 0 B per packet). Loss is the
# relay's: end-to-end loss less what the generator's own sockets dropped (shown apart), when the
# generator reports it (relay_loss); older result files have only the end-to-end loss. The
# relay's run-queue wait (its threads runnable but waiting for a core, share of the window) is the
# first cause to look at when its p99 is off: "n/a" in result files from before it was printed.
#   awk -f benchmarks/rtp/summary.awk benchmarks/results/rtp-relay-<date>.md
/^target=/ {
    delete f
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = f["calls"]
    loss[f["target"], key] = ("relay_loss" in f) ? f["relay_loss"] : f["loss"]
    genDrops[f["target"], key] = ("generator_drops" in f) ? f["generator_drops"] : "n/a"
    p50[f["target"], key] = f["latency_p50_us"]
    p99[f["target"], key] = f["latency_p99_us"]; cpu[f["target"], key] = f["relay_cpu_us_per_packet"]
    bytes[f["target"], key] = ("relay_bytes_per_packet" in f) ? f["relay_bytes_per_packet"] : -1
    rqWait[f["target"], key] = ("relay_runqueue_wait_percent" in f) ? f["relay_runqueue_wait_percent"] "%" : "n/a"
    if (!(key in seen)) { seen[key] = 1; order[++n] = key }
}
END {
    print ""
    print "| calls | relay | relay loss | generator drops | added latency p50 / p99 (us) | relay run-queue wait | CPU us/packet | CPU vs rtpengine | B/packet (relay threads) | targets |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for (k = 1; k <= n; k++) {
        c = order[k]
        for (t = 1; t <= 2; t++) {
            target = t == 1 ? "ours" : "rtpengine"
            if (!((target, c) in loss)) continue
            addedP50 = p50[target, c] - p50["direct", c]
            addedP99 = p99[target, c] - p99["direct", c]
            ratio = cpu["rtpengine", c] > 0 ? sprintf("%.2fx", cpu[target, c] / cpu["rtpengine", c]) : "n/a"
            b = bytes[target, c] + 0 < 0 ? "n/a" : bytes[target, c]
            # The generator's histogram stops at 200 ms: a p99 there is at least that, not that. A
            # direct run as slow as the relayed one (a loaded machine) leaves the p99 undecided.
            if (p99[target, c] >= 200000) latency = "p99 >= 200 ms (histogram cap)"
            else if (p99["direct", c] >= p99[target, c]) latency = "p99 undecided (direct run as slow)"
            else latency = addedP99 < 1000 ? "p99 < 1 ms" : "p99 >= 1 ms"
            met = (loss[target, c] + 0 == 0 ? "loss 0" : "LOSS") ", " latency
            if (target == "ours") {
                met = met ", " (cpu[target, c] <= 0.5 * cpu["rtpengine", c] ? "CPU <= 0.5x" : "CPU > 0.5x")
                met = met ", " (b == "n/a" ? "B not measured" : b + 0 < 0.001 ? "0 B" : "allocates")
            }
            shownP50 = p50[target, c] >= 200000 ? "capped" : sprintf("%d", addedP50)
            shownP99 = p99[target, c] >= 200000 ? "capped" : sprintf("%d", addedP99)
            printf "| %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s |\n", c, target, loss[target, c], genDrops[target, c], \
                shownP50, shownP99, rqWait[target, c], cpu[target, c], ratio, b, met
        }
    }
}
