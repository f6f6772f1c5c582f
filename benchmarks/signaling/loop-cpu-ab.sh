#!/usr/bin/env bash
#
# A/B of the switch's CPU per call, per thread: for each build given, starts the switch with
# benchmarks/sipp/softswitch-bench.yaml (CDRs off), warms it up with SIPp, then runs one SIPp uac
# for a fixed number of calls at a fixed rate and reads every JVM thread's utime + stime from
# /proc/PID/task/*/stat (fields 14 and 15) before and after. Prints CPU milliseconds per call by
# thread (the signaling loops sip-loop-*, the LCR engine, JIT, GC) for each build, in the order
# given: list the builds alternately (A B A B) so that both see the same machine. Also prints the
# whole process's CPU per call (utime + stime of /proc/PID/stat, threads that ended included) and
# each thread's context switches per call (voluntary + involuntary, /proc/PID/task/*/status).
# With PERF_STAT=1, `perf stat --per-thread` counts the system calls (sys_enter_*) and context
# switches of every thread during the measured calls (the system calls a loop, a
# hand-over or a park makes) and prints those of at least 0.05 per call. With PERF_RECORD=1,
# `perf record -g` samples the JVM during the measured calls into WORK/perf.data (run with
# JAVA_OPTS="-XX:+PreserveFramePointer -XX:+DumpPerfMapAtExit" for Java frames, then
# `perf report -i WORK/perf.data --no-children --sort comm,dso,sym`).
#
# Usage: benchmarks/signaling/loop-cpu-ab.sh [--rate 3000] [--calls 30000] [--warmup-calls 30000]
#                                            [--destinations 1000] [--port 31000] LABEL=DIR ...
# DIR holds a built switch: switch-app-*.jar and lib/ (copy switch-app/target/ after
# `mvn -o -B -q -pl switch-app -am package -DskipTests` at each commit). The ports are fixed
# (--port, --port + 1 for SIPp's uas, + 2 for its uac, + 5 for the admin HTTP server) so that every build's sockets hash the
# same way over the loops' SO_REUSEPORT group: with other ports both peers may land on one loop.
# Run under `flock /tmp/bench.lock`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sipp_dir="$(cd "${here}/../sipp" && pwd)"
rate=3000
calls=30000
warmup_calls=30000
destinations=1000
port=31000
builds=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rate) rate="$2"; shift 2 ;;
        --calls) calls="$2"; shift 2 ;;
        --warmup-calls) warmup_calls="$2"; shift 2 ;;
        --destinations) destinations="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *=*) builds+=("$1"); shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[[ ${#builds[@]} -gt 0 ]] || { echo "no LABEL=DIR given" >&2; exit 2; }
java_bin="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
ticks_per_s="$(getconf CLK_TCK)"
uas_port=$(( port + 1 ))
uac_port=$(( port + 2 ))
jvm_pid=""
uas_pid=""
work=""

stop()
{
    local pid
    for pid in ${jvm_pid} ${uas_pid}; do
        kill -TERM "${pid}" 2>/dev/null || true
    done
    for pid in ${jvm_pid} ${uas_pid}; do
        for _ in $(seq 1 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "${pid}" 2>/dev/null || true
        wait "${pid}" 2>/dev/null || true
    done
    # The embedded PostgreSQL detaches from the JVM: stop the one of this run's directory.
    if [[ -n "${work}" ]]; then
        local postmaster
        postmaster="$(ps -eo pid=,args= | awk -v data="${work}/postgres" 'index($0, data) && $2 ~ /postgres$/ { print $1; exit }')"
        [[ -z "${postmaster}" ]] || kill -TERM "${postmaster}" 2>/dev/null || true
    fi
    jvm_pid=""
    uas_pid=""
}
trap stop EXIT

# "thread utime stime" per thread name, numbered threads of a kind (GC, JIT) summed.
thread_ticks()
{
    local task name stat
    for task in /proc/"${jvm_pid}"/task/*; do
        name="$(tr ' ' '_' <"${task}/comm" 2>/dev/null)" || continue
        stat="$(cat "${task}/stat" 2>/dev/null)" || continue
        stat="${stat##*) }"
        echo "${name} $(awk '{ print $12, $13 }' <<<"${stat}")"
    done | awk '{ k = $1; if (k ~ /^C[12]_/) k = "JIT"; else if (k ~ /^(GC|G1)/) k = "GC"; else if (k ~ /^sip-overload/) k = "sip-overload"
                  u[k] += $2; s[k] += $3 } END { for (k in u) print k, u[k], s[k] }' | sort
}

# "thread switches" per thread name (voluntary + involuntary context switches), kinds summed.
thread_switches()
{
    local task name
    for task in /proc/"${jvm_pid}"/task/*; do
        name="$(tr ' ' '_' <"${task}/comm" 2>/dev/null)" || continue
        echo "${name} $(awk '/ctxt_switches/ { n += $2 } END { print n + 0 }' "${task}/status" 2>/dev/null)"
    done | awk '{ k = $1; if (k ~ /^C[12]_/) k = "JIT"; else if (k ~ /^(GC|G1)/) k = "GC"; else if (k ~ /^sip-overload/) k = "sip-overload"
                  n[k] += $2 } END { for (k in n) print k, n[k] }' | sort
}

# utime + stime of the whole process, in ticks (threads that ended included).
process_ticks()
{
    local stat
    stat="$(cat /proc/"${jvm_pid}"/stat)"
    stat="${stat##*) }"
    awk '{ print $12 + $13 }' <<<"${stat}"
}

uac()
{
    (cd "${work}" && sipp -sf "${sipp_dir}/bench-uac.xml" "127.0.0.1:${port}" -inf "${work}/numbers.csv" -i 127.0.0.1 \
        -p "${uac_port}" -mp $(( port + 20 )) -r "$1" -m "$2" -nostdin -buff_size 4194304 -recv_timeout 5000 \
        -timeout 300s -trace_stat -stf "${work}/$3.csv" >"${work}/$3.out" 2>&1) || true
}

for build in "${builds[@]}"; do
    label="${build%%=*}"
    dir="${build#*=}"
    jar="$(ls "${dir}"/switch-app-*.jar | grep -v -e '-sources' -e '-javadoc' | head -n 1)"
    work="$(mktemp -d "${TMPDIR:-/tmp}/loop-cpu.XXXXXX")"
    sed -e "s/@SIP_PORT@/${port}/g" -e "s/@UAS_PORT@/${uas_port}/g" -e "s/@ADMIN_PORT@/$(( port + 5 ))/g" -e "s|@DATA_DIR@|${work}/postgres|g" \
        -e "s/@CDR@/false/g" "${sipp_dir}/softswitch-bench.yaml" >"${work}/softswitch.yaml"
    cp "${sipp_dir}/bench-vendor.csv" "${sipp_dir}/bench-customer.csv" "${work}/"
    awk -v n="${destinations}" 'BEGIN { print "SEQUENTIAL"; srand(7)
        for (i = 0; i < n; i++) printf "%d%09d\n", 1 + i % 9, int(rand() * 1000000000) }' >"${work}/numbers.csv"
    # The flags of bin/softswitch that matter for the call path.
    "${java_bin}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED \
        --sun-misc-unsafe-memory-access=allow -Dio.netty.buffer.checkAccessible=false -Dio.netty.leakDetection.level=disabled \
        -Dchronicle.analytics.disable=true --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED \
        --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED \
        --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
        --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
        --add-exports java.base/jdk.internal.misc=ALL-UNNAMED ${JAVA_OPTS:-} \
        -cp "${jar}:${dir}/lib/*" io.softswitch.app.SoftswitchMain --config "${work}/softswitch.yaml" \
        >"${work}/softswitch.log" 2>&1 &
    jvm_pid=$!
    (cd "${work}" && exec sipp -sf "${sipp_dir}/bench-uas.xml" -i 127.0.0.1 -p "${uas_port}" -mp $(( port + 10 )) \
        -nostdin -buff_size 4194304 >"${work}/uas.out" 2>&1) &
    uas_pid=$!
    for _ in $(seq 1 600); do
        [[ -n "$(ss -Hlnu "sport = :${port}")" ]] && break
        kill -0 "${jvm_pid}" 2>/dev/null || { echo "${label}: the switch exited, see ${work}/softswitch.log" >&2; exit 1; }
        sleep 0.1
    done
    uac "${rate}" "${warmup_calls}" warmup
    sleep 2
    thread_ticks >"${work}/before"
    thread_switches >"${work}/switches-before"
    process_before="$(process_ticks)"
    perf_pid=""
    if [[ "${PERF_STAT:-0}" == 1 ]]; then
        perf stat --per-thread -x ';' -e context-switches \
            -e "$(printf 'syscalls:sys_enter_%s,' sendmmsg sendto recvmmsg recvfrom epoll_wait epoll_pwait epoll_pwait2 \
                futex write read sched_yield nanosleep clock_nanosleep | sed 's/,$//')" -p "${jvm_pid}" \
            -o "${work}/perf-stat.txt" 2>/dev/null &
        perf_pid=$!
    elif [[ "${PERF_RECORD:-0}" == 1 ]]; then
        perf record -F 1999 -g -p "${jvm_pid}" -o "${work}/perf.data" >/dev/null 2>&1 &
        perf_pid=$!
    fi
    uac "${rate}" "${calls}" measured
    sleep 1
    [[ -z "${perf_pid}" ]] || { kill -INT "${perf_pid}"; wait "${perf_pid}" || true; }
    process_after="$(process_ticks)"
    thread_ticks >"${work}/after"
    thread_switches >"${work}/switches-after"
    outcome="$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { ok = $c["SuccessfulCall(C)"]; failed = $c["FailedCall(C)"] } END { print ok + 0, failed + 0 }' "${work}/measured.csv")"
    echo "== ${label}: ${calls} calls at ${rate}/s over ${destinations} numbers, completed/failed ${outcome} (${work})"
    join "${work}/before" "${work}/after" | awk -v n="${calls}" -v hz="${ticks_per_s}" '
        { u = ($4 - $2) * 1000 / hz; s = ($5 - $3) * 1000 / hz
          if (u + s > 0) printf "  %-20s user %.4f  sys %.4f  total %.4f ms/call\n", $1, u / n, s / n, (u + s) / n
          if ($1 ~ /^sip-loop/) { lu += u; ls += s }; tu += u; ts += s }
        END { printf "  %-20s user %.4f  sys %.4f  total %.4f ms/call\n", "loops", lu / n, ls / n, (lu + ls) / n
              printf "  %-20s user %.4f  sys %.4f  total %.4f ms/call\n", "JVM threads", tu / n, ts / n, (tu + ts) / n }'
    awk -v n="${calls}" -v hz="${ticks_per_s}" -v b="${process_before}" -v a="${process_after}" \
        'BEGIN { printf "  %-20s total %.4f ms/call\n", "process", (a - b) * 1000 / hz / n }'
    join "${work}/switches-before" "${work}/switches-after" | awk -v n="${calls}" '
        { d = $3 - $2; t += d; if (d / n >= 0.01) printf "  %-20s %.2f context switches/call\n", $1, d / n }
        END { printf "  %-20s %.2f context switches/call\n", "JVM threads", t / n }'
    if [[ -f "${work}/perf-stat.txt" ]]; then
        # perf's lines: "thread-tid;count;unit;event;..." ; sum per thread name and event.
        awk -F';' -v n="${calls}" 'NF > 3 && $2 ~ /^[0-9]+$/ { t = $1; sub(/-[0-9]+$/, "", t)
              if (t ~ /^C[12]_/) t = "JIT"; else if (t ~ /^(GC|G1)/) t = "GC"
              e = $4; sub(/^syscalls:sys_enter_/, "", e); c[t " " e] += $2 }
            END { for (k in c) if (c[k] / n >= 0.05) printf "  %-40s %.2f/call\n", k, c[k] / n }' \
            "${work}/perf-stat.txt" | sort
    fi
    stop
done
