#!/usr/bin/env bash
#
# SIPp load ramp: uac -> target -> uas, short calls (INVITE/100/180/200/ACK/BYE/200), the call
# rate raised step by step. For every step it records the failed calls, the INVITE-to-200
# response-time percentiles, and the CPU milliseconds per call of the target (utime + stime of
# the target's processes, from /proc, divided by the calls the step completed). Targets: our
# switch (bin/softswitch with a bench config) and Kamailio (benchmarks/kamailio/kamailio.cfg),
# one after the other in the same run, so both figures come from one machine at one time.
#
# Usage: benchmarks/sipp/ramp.sh [--targets "softswitch kamailio"] [--rates "500 1000 ..."]
#                                [--seconds 10] [--warmup-seconds 10] [--warmup-rate 500] [--keep-going] [--out DIR]
#                                [--hold-ms 0] [--destinations 1] [--cdr "on off journal undeferred"] [--after-rate R]
#                                [--uacs 2] [--uac-buffer 4194304] [--config-extra FILE] [--thread-cpu]
# Every step counts the calls carried end to end (goodput: completed calls per second), the calls
# the target refused with 503 (overload) and the calls that failed otherwise; a step is clean
# with neither. --after-rate R adds, right after the last step, a step at R calls/s (the clean
# rate, after an overload step) and reports when it was clean again ("clean after": the second of
# the step after which no 503 or failure came).
# --cdr off starts our switch with its CDR journal and billing off (the core issue's ramp); --cdr
# journal with the journal on and the billing tailer off (what the journal costs alone); --cdr
# undeferred with CDRs and billing on but billing never waiting for the event loops under pressure
# (cdr.billing-max-defer-seconds: 0, as before billing yielded). Several modes ("off undeferred on")
# ramp our switch once per mode in the same run, each row labelled with its mode.
# --hold-ms holds every call that long between ACK and BYE (tens of thousands in progress at
# high rates); --destinations dials that many numbers over the decks' prefixes 1 to 9, in turn.
# Every step reports the peak of calls in progress (the uac's count) and, for our switch, the
# JVM's live heap per call in progress (heap after a full GC at the step's peak, minus the heap
# after a full GC before the step, over the calls then in progress).
# --uacs N runs N SIPp uac processes that share each step's rate (one SIPp is one thread with one
# socket: past about 10,000 calls/s on this box it falls behind and drops the answers itself);
# --uac-buffer sets the SIPp processes' socket buffers (capped by net.core.rmem_max). The report
# separates the generators' shortfall (calls/s they did not start, datagrams their own sockets
# dropped) from the target's refusals and failures.
# --config-extra FILE appends FILE's top-level YAML sections (say an overload: section) to our
# switch's generated config, to compare settings.
# --thread-cpu lists, per step of our switch, the CPU of each JVM thread (by name: the event loops,
# the JIT, the GC, billing's reader and writer, the journal's pre-toucher) and of each process of
# its PostgreSQL (billing's backend, WAL writer, checkpointer), in % of one core over the step.
# With CDRs on, the report also gives the billing backlog after each step and, after the last,
# how long billing took to drain it (polled on /metrics, for at most 300 s).
# For our switch, every step also samples its overload signals (/metrics, every 100 ms) and the
# report lists each signal's highest value per step: what made the switch shed, if it did.
# See benchmarks/sipp/README.md.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"

targets="softswitch kamailio"
rates="500 1000 2000 3000 4000 5000 6000"
step_seconds=10
warmup_seconds=10
# A warm-up at a step's rate lets the JIT compiler finish before the first measured step: a
# profile of a 3,000 calls/s step after 10 s at 500 calls/s found C2 using 42 % of the switch's CPU.
warmup_rate=500
keep_going=0
out_dir="${here}/results"
# The dialled number: the bench decks route every number (prefixes 1 to 9) to the uas.
number="15551234567"
kamailio_workers=${KAMAILIO_WORKERS:-4}
hold_ms=0
destinations=1
cdr=on
cdr_modes=on
after_rate=""
uacs=2
uac_buffer=4194304
uas_dir=""
admin_port=""
config_extra=""
thread_cpu=0
uac_ports=()
uac_media=()
jcmd_bin="${JCMD:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd}"

usage()
{
    sed -n '2,/^# See benchmarks/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --targets) targets="$2"; shift 2 ;;
        --rates) rates="$2"; shift 2 ;;
        --seconds) step_seconds="$2"; shift 2 ;;
        --warmup-seconds) warmup_seconds="$2"; shift 2 ;;
        --warmup-rate) warmup_rate="$2"; shift 2 ;;
        --keep-going) keep_going=1; shift ;;
        --out) out_dir="$2"; shift 2 ;;
        --hold-ms) hold_ms="$2"; shift 2 ;;
        --destinations) destinations="$2"; shift 2 ;;
        --cdr) cdr_modes="$2"; shift 2 ;;
        --after-rate) after_rate="$2"; shift 2 ;;
        --uacs) uacs="$2"; shift 2 ;;
        --uac-buffer) uac_buffer="$2"; shift 2 ;;
        --config-extra) config_extra="$2"; shift 2 ;;
        --thread-cpu) thread_cpu=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for cdr in ${cdr_modes}; do
    case "${cdr}" in
        on|off|journal|undeferred) ;;
        *) echo "--cdr takes on, off, journal or undeferred (or several): ${cdr}" >&2; exit 2 ;;
    esac
done
cdr="${cdr_modes%% *}"

for tool in sipp ss awk sort; do
    command -v "${tool}" >/dev/null || { echo "missing tool: ${tool}" >&2; exit 2; }
done

clock_ticks="$(getconf CLK_TCK)"
stamp="$(date -u +%Y%m%d-%H%M%S)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sipp-ramp.XXXXXX")"
mkdir -p "${out_dir}"
results="${out_dir}/ramp-${stamp}.md"
rows="${work}/rows.md"
: > "${rows}"
# The dialled numbers: one per line, spread over the prefixes 1 to 9 the bench decks route.
numbers="${work}/numbers.csv"
awk -v n="${destinations}" -v first="${number}" 'BEGIN {
    print "SEQUENTIAL"
    if (n <= 1) { print first; exit }
    srand(7)
    for (i = 0; i < n; i++) printf "%d%09d\n", 1 + i % 9, int(rand() * 1000000000)
}' >"${numbers}"

# PIDs this script started; stopped on exit, each by its own PID.
started=()

stop_pid()
{
    local pid="$1"
    local tree
    tree="$(descendants "${pid}")"
    kill -TERM "${pid}" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "${pid}" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "${pid}" 2>/dev/null || true
    wait "${pid}" 2>/dev/null || true
    # Children that outlived their parent (a launcher script's JVM, Kamailio's workers).
    for child in ${tree}; do
        kill -KILL "${child}" 2>/dev/null || true
    done
}

cleanup()
{
    local pid
    for pid in "${started[@]}"; do
        stop_pid "${pid}"
    done
}
trap cleanup EXIT

# The PIDs of every process below $1 (not $1 itself).
descendants()
{
    local children child
    children="$(cat /proc/"$1"/task/*/children 2>/dev/null || true)"
    for child in ${children}; do
        echo "${child}"
        descendants "${child}"
    done
}

# utime + stime, in clock ticks, of $1 and every process below it: Kamailio works in forked
# processes, the JVM in threads of one process; both are covered.
tree_ticks()
{
    local total=0 pid stat
    for pid in "$1" $(descendants "$1"); do
        stat="$(cat /proc/"${pid}"/stat 2>/dev/null || true)"
        [[ -n "${stat}" ]] || continue
        # Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
        stat="${stat##*) }"
        total=$(( total + $(awk '{ print $12 + $13 }' <<<"${stat}") ))
    done
    echo "${total}"
}

# Datagrams the kernel dropped for a full socket receive buffer, machine-wide (loopback included).
udp_drops()
{
    awk '/^Udp:/ { if (!seen) { for (i = 1; i <= NF; i++) col[$i] = i; seen = 1 } else print $col["RcvbufErrors"] }' /proc/net/snmp
}

# Datagrams dropped so far by the sockets bound to local UDP port $1 (all of them: our switch
# binds one per event loop with SO_REUSEPORT), from the last column of /proc/net/udp and udp6
# (the JVM's sockets are IPv6 sockets even when bound to an IPv4 address).
port_drops()
{
    local hex
    hex="$(printf '%04X' "$1")"
    awk -v port=":${hex}" 'FNR > 1 && substr($2, length($2) - 4) == port { total += $NF } END { print total + 0 }' \
        /proc/net/udp /proc/net/udp6
}

port_free()
{
    [[ -z "$(ss -Hlnu "sport = :$1")" && -z "$(ss -Hlnt "sport = :$1")" ]]
}

free_port()
{
    local port
    for _ in $(seq 1 200); do
        port=$(( 20000 + RANDOM % 30000 ))
        if port_free "${port}"; then
            echo "${port}"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

wait_listening()
{
    local port="$1" pid="$2" what="$3" seconds="${4:-60}"
    for _ in $(seq 1 $(( seconds * 10 ))); do
        if [[ -n "$(ss -Hlnu "sport = :${port}")" ]]; then
            return 0
        fi
        kill -0 "${pid}" 2>/dev/null || { echo "${what} exited before listening" >&2; return 1; }
        sleep 0.1
    done
    echo "${what} did not listen on udp ${port} within ${seconds} s" >&2
    return 1
}

start_uas()
{
    local dir="$1" port="$2" media="$3"
    # Its per-message counts, written every second, show what the target sends the vendor: INVITE
    # retransmissions (the target waited too long for the 180) and 200 retransmissions (its ACK
    # came late or not at all).
    uas_dir="${dir}"
    (cd "${dir}" && exec sipp -sf "${here}/bench-uas.xml" -i 127.0.0.1 -p "${port}" -mp "${media}" \
        -nostdin -buff_size "${uac_buffer}" -trace_counts -fd 1 -trace_err -error_file "${dir}/uas-errors.log" \
        -max_log_size 1000000 >"${dir}/uas.out" 2>&1) &
    uas_pid=$!
    started+=("${uas_pid}")
    wait_listening "${port}" "${uas_pid}" "sipp uas"
}

start_kamailio()
{
    local dir="$1" port="$2" uas_port="$3"
    mkdir -p "${dir}/kamailio"
    kamailio -f "${root}/benchmarks/kamailio/kamailio.cfg" -DD -E -Y "${dir}/kamailio" \
        -P "${dir}/kamailio/kamailio.pid" -l "udp:127.0.0.1:${port}" -m 1024 -M 32 \
        -A "UAS_URI=\"sip:127.0.0.1:${uas_port}\"" -A "WORKERS=${kamailio_workers}" \
        >"${dir}/kamailio.log" 2>&1 &
    target_pid=$!
    started+=("${target_pid}")
    wait_listening "${port}" "${target_pid}" "kamailio"
}

start_softswitch()
{
    local dir="$1" port="$2" uas_port="$3"
    [[ -x "${root}/bin/softswitch" ]] || { echo "bin/softswitch missing: build the switch first" >&2; return 1; }
    admin_port="$(free_port)"
    sed -e "s/@SIP_PORT@/${port}/g" -e "s/@UAS_PORT@/${uas_port}/g" -e "s/@ADMIN_PORT@/${admin_port}/g" -e "s|@DATA_DIR@|${dir}/postgres|g" -e "s/@CDR@/$([[ ${cdr} == off ]] && echo false || echo true)/g" \
        -e "s/^\(  enabled: true\)$/\1\n  billing: $([[ ${cdr} == journal ]] && echo false || echo true)\n  billing-max-defer-seconds: $([[ ${cdr} == undeferred ]] && echo 0 || echo 300)/" \
        "${here}/softswitch-bench.yaml" >"${dir}/softswitch.yaml"
    [[ -z "${config_extra}" ]] || cat "${config_extra}" >>"${dir}/softswitch.yaml"
    cp "${here}/bench-vendor.csv" "${here}/bench-customer.csv" "${dir}/"
    "${root}/bin/softswitch" --config "${dir}/softswitch.yaml" >"${dir}/softswitch.log" 2>&1 &
    target_pid=$!
    started+=("${target_pid}")
    # bin/softswitch builds switch-app first when it has not been built: allow for that.
    wait_listening "${port}" "${target_pid}" "softswitch" 600
}

# "ticks<TAB>name" for every thread of the JVM $1 (by thread name) and every process of the
# PostgreSQL server $2 (by process title), summed per name; either may be empty.
thread_ticks()
{
    local pid t
    if [[ -n "$1" ]]; then
        for t in /proc/"$1"/task/*/stat; do
            cat "${t}" 2>/dev/null || true
            echo
        done | awk 'NF { i = index($0, "("); j = length($0) - index(reverse($0), ")") + 1
                name = substr($0, i + 1, j - i - 1); n = split(substr($0, j + 2), f, " ")
                ticks[name] += f[12] + f[13] }
            function reverse(s,  r, k) { r = ""; for (k = length(s); k > 0; k--) r = r substr(s, k, 1); return r }
            END { for (x in ticks) printf "%d\t%s\n", ticks[x], x }'
    fi
    if [[ -n "$2" ]]; then
        for pid in "$2" $(descendants "$2"); do
            t="$(cat /proc/"${pid}"/stat 2>/dev/null || true)"
            [[ -n "${t}" ]] || continue
            t="${t##*) }"
            printf '%d\t%s\n' "$(awk '{ print $12 + $13 }' <<<"${t}")" \
                "$(tr '\0' ' ' </proc/"${pid}"/cmdline 2>/dev/null | sed -E -e 's/ *$//' -e 's/\([0-9]*\)//' \
                    -e 's/^(postgres: [^ ]+ [^ ]+ [^ ]+) .*/\1 (backend)/' -e 's|^/[^ ]*/postgres .*|postgres (postmaster)|')"
        done | awk -F'\t' '{ ticks[$2] += $1 } END { for (x in ticks) printf "%d\t%s\n", ticks[x], x }'
    fi
}

# One line of the threads that used at least 1 % of a core between the snapshots $1 and $2 over
# $3 seconds, busiest first.
thread_percents()
{
    awk -F'\t' -v hz="${clock_ticks}" -v s="$3" 'NR == FNR { before[$2] = $1; next }
        { d = $1 - before[$2]; if (d * 100 / hz / s >= 1) printf "%.0f\t%s\n", d * 100 / hz / s, $2 }' "$1" "$2" |
        sort -t$'\t' -k1,1nr | awk -F'\t' '{ printf "%s%s %d %%", (NR > 1 ? ", " : ""), $2, $1 } END { print "" }'
}

# Billing's backlog (records) on our switch's /metrics, or nothing.
billing_backlog()
{
    [[ -n "${admin_port}" ]] || return 0
    curl -s --max-time 1 "http://127.0.0.1:${admin_port}/metrics?name=softswitch_billing_backlog_records" 2>/dev/null |
        awk '$1 == "softswitch_billing_backlog_records" { printf "%.0f\n", $2 }' || true
}

# The embedded PostgreSQL server of the switch whose run directory is $1, or nothing: it detaches
# from the JVM that starts it (its parent is init), so the target's process tree does not hold it.
postmaster_of()
{
    ps -eo pid=,args= | awk -v data="-D $1/postgres " '$2 ~ /\/postgres$/ && index($0 " ", data) { print $1; exit }'
}

# The JVM below $1 (bin/softswitch is a script that runs java), or nothing.
java_pid()
{
    local pid
    for pid in "$1" $(descendants "$1"); do
        if [[ "$(cat /proc/"${pid}"/comm 2>/dev/null)" == "java" ]]; then
            echo "${pid}"
            return 0
        fi
    done
}

# Live heap of a JVM in KB: a full GC, then the heap's used size.
live_heap_kb()
{
    [[ -n "$1" && -x "${jcmd_bin}" ]] || { echo "-"; return 0; }
    "${jcmd_bin}" "$1" GC.run >/dev/null 2>&1 || { echo "-"; return 0; }
    "${jcmd_bin}" "$1" GC.heap_info 2>/dev/null | awk '/ used [0-9]+K/ {
        for (i = 1; i <= NF; i++) if ($i == "used") { sub("K", "", $(i + 1)); print $(i + 1); exit } }'
}

# The second of a step (SIPp's elapsed time, one row a second) after which a cumulative column no
# longer grew; 0 when it never did. $1: the CSV, $2: a pattern matching the column's name.
settled_after()
{
    awk -F';' -v pattern="$2" '
        function seconds(t, parts) { split(t, parts, ":"); return parts[1] * 3600 + parts[2] * 60 + parts[3] }
        NR == 1 { for (i = 1; i <= NF; i++) { if ($i ~ pattern) col = i; if ($i ~ /^ElapsedTime/) at = i } next }
        col && at { if ($col + 0 > last) { last = $col + 0; when = seconds($at) } }
        END { print when + 0 }' "$1" 2>/dev/null || echo 0
}

# The last value of the columns matching $2 (summed when several match) in a SIPp counts or stat
# CSV $1 (cumulative columns: the last row is the total so far); 0 when there is none.
last_of()
{
    awk -F';' -v pattern="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ pattern) cols[i] = 1; next }
        { total = 0; for (i in cols) total += $i; last = total }
        END { print last + 0 }' "$1" 2>/dev/null || echo 0
}

# Counts per kind of entry in the uacs' error logs ($@): "Aborting call on unexpected message ...
# while expecting 'X' (index i), received 'SIP/2.0 NNN" becomes "call failed: unexpected NNN where
# the scenario was at 'X' (index i)"; timeouts, and answers for calls the uac had already ended
# (no failure by themselves), are their own kinds. One "count kind" per line, most frequent
# first (the logs stop at SIPp's -max_log_size).
failure_kinds()
{
    # A uac with no failed call writes no error log.
    { cat "$@" 2>/dev/null || true; } | awk '
        /Aborting call on unexpected message/ {
            at = $0; sub(/.*while expecting /, "", at); sub(/\),.*/, ")", at)
            got = $0; sub(/.*received .SIP\/2\.0 /, "", got); got = substr(got, 1, 3)
            k["call failed: unexpected " got " where the scenario was at " at]++; next
        }
        /Dead call/ { k["no failure: an answer (a retransmitted 503 or 200) for a call the uac had ended"]++; next }
        /imeout/ { k["call failed: timeout"]++; next }
        END { for (x in k) printf "%d %s\n", k[x], x }' | sort -rn
}

# Samples our switch's overload signals every 100 ms into $1 (TSV: ms since start, refused %,
# receive queue bytes, receive delay s, loop lag s, pending tasks) until killed.
# Only these families are asked for (1 KB instead of 23 KB a sample). What a sample costs the switch
# is mostly the request itself, not the encoding: about 2-3 ms of CPU either way (2026-12-02, 300
# requests of each kind alternated on the idle demo switch), some 2 % of a core at 10 a second,
# which Kamailio's figures do not carry.
overload_signals="softswitch_overload_refused_percent,softswitch_udp_receive_queue_bytes,softswitch_udp_receive_delay_seconds,softswitch_loop_lag_seconds,softswitch_loop_pending_tasks"
sample_overload()
{
    local out="$1" start_ms now_ms
    start_ms="$(date +%s%3N)"
    while true; do
        now_ms="$(date +%s%3N)"
        curl -s --max-time 1 "http://127.0.0.1:${admin_port}/metrics?name=${overload_signals}" 2>/dev/null | awk -v t="$(( now_ms - start_ms ))" '
            $1 == "softswitch_overload_refused_percent" { r = $2 }
            $1 == "softswitch_udp_receive_queue_bytes" { q = $2 }
            $1 == "softswitch_udp_receive_delay_seconds" { d = $2 }
            $1 == "softswitch_loop_lag_seconds" { l = $2 }
            $1 == "softswitch_loop_pending_tasks" { p = $2 }
            END { if (r != "") printf "%d\t%s\t%s\t%s\t%s\t%s\n", t, r, q, d, l, p }' >>"${out}" || true
        sleep 0.1
    done
}

# One line of the signals' highest values in the samples $1, and how the refused share was spread
# over them (a share that swings between nothing and everything shows as many samples at 0 and at
# 100 %), or nothing without samples.
overload_peaks()
{
    [[ -s "$1" ]] || return 0
    awk -F'\t' '
        { if ($2 > r) r = $2; if ($3 > q) q = $3; if ($4 > d) d = $4; if ($5 > l) l = $5; if ($6 > p) p = $6; n++
          b[int($2)]++ }
        END { half = n / 2; for (i = 0; i <= 100; i++) { c += b[i]; if (c >= half) { m = i; break } }
            printf "%d samples: refused %d %% (median %d %%; %d samples at 0 %%, %d at 100 %%), receive queue %d KB, receive delay %.0f ms, loop lag %.0f ms, pending tasks %d\n",
            n, r, m, b[0], b[100], q / 1024, d * 1000, l * 1000, p }' "$1"
}

# Runs one step with the uacs sharing the rate; prints "ok failed retrans achieved_cps p50 p90 p99
# p999 max cpu_ticks uac_cpu udp_drops target_drops/uas_drops peak_calls heap_bytes_per_call
# refused clean_after_s uac_drops vendor_invite_retrans vendor_200_retrans timeouts_408 db_ticks";
# ok counts the calls SIPp ended well, refused ones (503) included.
run_step()
{
    local dir="$1" port="$2" rate="$3" calls="$4" uas_port="$5"
    mkdir -p "${dir}"
    local ticks_before ticks_after drops_before drops_after
    local target_drops_before uas_drops_before target_drops_after uas_drops_after
    local uac_drops_before=0 uac_drops_after=0 i
    drops_before="$(udp_drops)"
    target_drops_before="$(port_drops "${port}")"
    uas_drops_before="$(port_drops "${uas_port}")"
    for (( i = 0; i < uacs; i++ )); do
        uac_drops_before=$(( uac_drops_before + $(port_drops "${uac_ports[i]}") ))
    done
    local uas_counts vendor_invites_before vendor_oks_before
    uas_counts="$(ls "${uas_dir}"/bench-uas_*_counts.csv 2>/dev/null | head -n 1 || true)"
    vendor_invites_before="$(last_of "${uas_counts}" '_INVITE_Retrans$')"
    vendor_oks_before="$(last_of "${uas_counts}" '_200_Retrans$')"
    local jvm heap_base="-" heap_peak="-" peak_probe="-"
    jvm="$(java_pid "${target_pid}")"
    if [[ -n "${jvm}" && "${hold_ms}" -gt 0 ]]; then
        heap_base="$(live_heap_kb "${jvm}")"
    fi
    ticks_before="$(tree_ticks "${target_pid}")"
    local db_pid db_ticks_before=0 db_ticks=0 step_start_ms
    db_pid="$(postmaster_of "$(dirname "${dir}")")"
    [[ -z "${db_pid}" ]] || db_ticks_before="$(tree_ticks "${db_pid}")"
    step_start_ms="$(date +%s%3N)"
    (( thread_cpu == 0 )) || thread_ticks "${jvm}" "${db_pid}" >"${dir}/threads-before.tsv"
    # The uacs share the rate and the calls (the first takes the remainder); each has its own
    # socket, receive buffer and thread, so that one generator falling behind on its socket does
    # not drop the answers meant for the others. -recv_timeout: a message that does not come
    # within 5 s fails its call instead of hanging.
    local pids=() share_rate share_calls sampler=""
    if [[ -n "${admin_port}" ]] && command -v curl >/dev/null; then
        sample_overload "${dir}/overload.tsv" &
        sampler=$!
    fi
    for (( i = 0; i < uacs; i++ )); do
        share_rate=$(( rate / uacs + (i == 0 ? rate % uacs : 0) ))
        share_calls=$(( calls / uacs + (i == 0 ? calls % uacs : 0) ))
        mkdir -p "${dir}/uac-${i}"
        (cd "${dir}/uac-${i}" && /usr/bin/time -f "%U %S %e" -o "${dir}/uac-${i}/uac.time" \
            sipp -sf "${here}/bench-uac.xml" "127.0.0.1:${port}" -inf "${numbers}" -i 127.0.0.1 \
            -p "${uac_ports[i]}" -mp "${uac_media[i]}" -r "${share_rate}" -m "${share_calls}" -d "${hold_ms}" \
            -nostdin -buff_size "${uac_buffer}" \
            -recv_timeout 5000 -timeout "$(( step_seconds * 3 + hold_ms / 1000 + 20 ))s" \
            -trace_stat -stf "${dir}/uac-${i}/stat.csv" -fd 1 -trace_rtt -rtt_freq 1 -trace_counts \
            -trace_err -error_file "${dir}/uac-${i}/uac-errors.log" -max_log_size 1000000 \
            >"${dir}/uac-${i}/uac.out" 2>&1) &
        pids+=($!)
    done
    if [[ -n "${jvm}" && "${hold_ms}" -gt 0 ]]; then
        # Calls in progress peak once the first calls end (hold time) while new ones still start.
        local peak_at=$(( hold_ms / 1000 + 1 ))
        (( peak_at < step_seconds )) || peak_at=$(( step_seconds - 1 ))
        sleep "${peak_at}"
        peak_probe=0
        for (( i = 0; i < uacs; i++ )); do
            peak_probe=$(( peak_probe + $(awk -F';' 'NR == 1 { for (j = 1; j <= NF; j++) col[$j] = j; next }
                { last = $col["CurrentCall"] } END { print last + 0 }' "${dir}/uac-${i}/stat.csv" 2>/dev/null || echo 0) ))
        done
        heap_peak="$(live_heap_kb "${jvm}")"
    fi
    for i in "${pids[@]}"; do
        wait "${i}" || true
    done
    if [[ -n "${sampler}" ]]; then
        kill "${sampler}" 2>/dev/null || true
        wait "${sampler}" 2>/dev/null || true
    fi
    ticks_after="$(tree_ticks "${target_pid}")"
    [[ -z "${db_pid}" ]] || db_ticks=$(( $(tree_ticks "${db_pid}") - db_ticks_before ))
    if (( thread_cpu )); then
        thread_ticks "${jvm}" "${db_pid}" >"${dir}/threads-after.tsv"
        thread_percents "${dir}/threads-before.tsv" "${dir}/threads-after.tsv" \
            "$(awk -v a="${step_start_ms}" -v b="$(date +%s%3N)" 'BEGIN { printf "%.3f", (b - a) / 1000 }')" \
            >"${dir}/threads.txt"
    fi
    drops_after="$(udp_drops)"
    target_drops_after="$(port_drops "${port}")"
    uas_drops_after="$(port_drops "${uas_port}")"
    for (( i = 0; i < uacs; i++ )); do
        uac_drops_after=$(( uac_drops_after + $(port_drops "${uac_ports[i]}") ))
    done
    local vendor_invites vendor_oks
    uas_counts="$(ls "${uas_dir}"/bench-uas_*_counts.csv 2>/dev/null | head -n 1 || true)"
    vendor_invites=$(( $(last_of "${uas_counts}" '_INVITE_Retrans$') - vendor_invites_before ))
    vendor_oks=$(( $(last_of "${uas_counts}" '_200_Retrans$') - vendor_oks_before ))
    local stats
    # SIPp's CallRate(C) divides by its whole run, which for held calls includes the last hold:
    # the rate the uac started calls at is its calls over the time it took to start the last one
    # (the first 1 s sample that shows the final count), or SIPp's figure when that is higher.
    stats="$(for (( i = 0; i < uacs; i++ )); do awk -F';' '
        NR == 1 { for (j = 1; j <= NF; j++) col[$j] = j; next }
        {
            last = $0
            if ($col["OutgoingCall(C)"] != started) {
                started = $col["OutgoingCall(C)"]
                split($col["ElapsedTime(C)"], t, ":")
                startedAt = t[1] * 3600 + t[2] * 60 + t[3]
            }
        }
        END {
            n = split(last, f, ";")
            rate = f[col["CallRate(C)"]]
            if (startedAt > 0 && started / startedAt > rate) rate = started / startedAt
            printf "%d %d %d %.0f\n", f[col["SuccessfulCall(C)"]], f[col["FailedCall(C)"]],
                f[col["Retransmissions(C)"]], rate
        }' "${dir}/uac-${i}/stat.csv" 2>/dev/null || echo "0 0 0 0"; done |
        awk '{ ok += $1; failed += $2; retrans += $3; rate += $4 } END { printf "%d %d %d %.0f", ok, failed, retrans, rate }')"
    local percentiles
    percentiles="$(cat "${dir}"/uac-*/*_rtt.csv 2>/dev/null | awk -F';' 'NR > 1 && $3 == 1 { print $2 }' | sort -n | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "- - - - -"; exit }
            printf "%d %d %d %d %d", v[int(NR * 0.50 + 0.999)], v[int(NR * 0.90 + 0.999)],
                v[int(NR * 0.99 + 0.999)], v[int(NR * 0.999 + 0.999)], v[NR]
        }' || true)"
    # /usr/bin/time writes "Command exited with non-zero status" first when SIPp fails.
    local uac_cpu_s
    uac_cpu_s="$(cat "${dir}"/uac-*/uac.time 2>/dev/null | awk 'NF == 3 && $3 > 0 { cpu += ($1 + $2) * 100 / $3; n++ }
        END { if (n) printf "%.0f", cpu }' || true)"
    # Calls in progress: the uacs' counts summed second by second (one stat row a second each).
    local peak heap_per_call="-"
    peak="$(for (( i = 0; i < uacs; i++ )); do awk -F';' 'NR == 1 { for (j = 1; j <= NF; j++) col[$j] = j; next }
        { print NR, $col["CurrentCall"] + 0 }' "${dir}/uac-${i}/stat.csv" 2>/dev/null || true; done |
        awk '{ at[$1] += $2 } END { for (r in at) if (at[r] > max) max = at[r]; print max + 0 }')"
    if [[ "${heap_base}" != "-" && "${heap_peak}" != "-" && "${peak_probe}" != "-" && "${peak_probe}" -gt 0 ]]; then
        heap_per_call=$(( (heap_peak - heap_base) * 1024 / peak_probe ))
    fi
    # Refused calls: the 503s the uacs received (their per-message counts, cumulative per row).
    local counts refused=0 settled=0 at
    for (( i = 0; i < uacs; i++ )); do
        counts="$(ls "${dir}/uac-${i}"/bench-uac_*_counts.csv 2>/dev/null | head -n 1 || true)"
        if [[ -n "${counts}" ]]; then
            refused=$(( refused + $(last_of "${counts}" '_503_Recv$') ))
            at="$(settled_after "${counts}" '_503_Recv$')"
            (( at > settled )) && settled="${at}"
        fi
        at="$(settled_after "${dir}/uac-${i}/stat.csv" '^FailedCall\\(C\\)$')"
        (( at > settled )) && settled="${at}"
    done
    failure_kinds "${dir}"/uac-*/uac-errors.log >"${dir}/failures.txt"
    local timeouts_408
    timeouts_408="$(awk '/^[0-9]+ unexpected 408 / { n += $1 } END { print n + 0 }' "${dir}/failures.txt")"
    echo "${stats} ${percentiles} $(( ticks_after - ticks_before )) ${uac_cpu_s:--} $(( drops_after - drops_before ))" \
        "$(( target_drops_after - target_drops_before ))/$(( uas_drops_after - uas_drops_before ))" \
        "${peak} ${heap_per_call} ${refused} ${settled} $(( uac_drops_after - uac_drops_before ))" \
        "${vendor_invites} ${vendor_oks} ${timeouts_408} ${db_ticks}"
}

ramp_target()
{
    local target="$1"
    # The name in the report: our switch's CDR mode is part of it when the run has several.
    local name="${target}"
    if [[ "${target}" == "softswitch" && "${cdr_modes}" == *" "* ]]; then
        name="softswitch cdr=${cdr}"
    fi
    local dir="${work}/${name// /-}"
    mkdir -p "${dir}"
    local target_port uas_port uas_media i
    target_port="$(free_port)"
    uas_port="$(free_port)"
    uas_media="$(free_port)"
    uac_ports=()
    uac_media=()
    for (( i = 0; i < uacs; i++ )); do
        uac_ports+=("$(free_port)")
        uac_media+=("$(free_port)")
    done
    start_uas "${dir}" "${uas_port}" "${uas_media}"
    "start_${target}" "${dir}" "${target_port}" "${uas_port}"
    echo "${name}: listening on udp 127.0.0.1:${target_port}, pid ${target_pid}; uas on ${uas_port}" >&2

    if (( warmup_seconds > 0 )); then
        echo "${name}: warm-up, ${warmup_rate} calls/s for ${warmup_seconds} s (not reported)" >&2
        run_step "${dir}/warmup" "${target_port}" "${warmup_rate}" $(( warmup_rate * warmup_seconds )) "${uas_port}" >/dev/null
        sleep 2
    fi

    local rate calls ok failed retrans achieved p50 p90 p99 p999 max ticks uac_cpu drops socket_drops
    local peak heap_per_call refused clean_after label step_dir uac_drops vendor_invites vendor_oks timeouts_408
    local attributable db_ticks db_percent
    local cpu_ms_per_call cpu_percent goodput best=0 failed_steps=""
    local steps=0
    for rate in ${rates} ${after_rate:+after}; do
        label="${rate}"
        step_dir="${dir}/rate-${rate}"
        # A pause between steps, but none before the after step: it measures the recovery.
        if (( steps++ > 0 )) && [[ "${rate}" != "after" ]]; then
            sleep 2
        fi
        if [[ "${rate}" == "after" ]]; then
            # Straight after the last step: how soon is the target clean again at the clean rate?
            rate="${after_rate}"
            label="${rate} (after)"
            step_dir="${dir}/after-${rate}"
        fi
        calls=$(( rate * step_seconds ))
        echo "${name}: ${label} calls/s, ${calls} calls" >&2
        read -r ok failed retrans achieved p50 p90 p99 p999 max ticks uac_cpu drops socket_drops peak heap_per_call \
            refused clean_after uac_drops vendor_invites vendor_oks timeouts_408 db_ticks < <(
            run_step "${step_dir}" "${target_port}" "${rate}" "${calls}" "${uas_port}")
        # Carried end to end: SIPp's successful calls less those that ended at a 503. A call SIPp
        # never finished (global timeout) counts as failed.
        ok=$(( ok - refused ))
        failed=$(( calls - ok - refused ))
        goodput="$(awk -v ok="${ok}" -v c="${calls}" -v r="${rate}" 'BEGIN { printf "%.0f", ok * r / c }')"
        cpu_ms_per_call="$(awk -v t="${ticks}" -v hz="${clock_ticks}" -v c="${calls}" \
            'BEGIN { printf "%.3f", (c > 0 ? t * 1000 / hz / c : 0) }')"
        cpu_percent="$(awk -v t="${ticks}" -v hz="${clock_ticks}" -v c="${calls}" -v r="${rate}" -v h="${hold_ms}" \
            'BEGIN { printf "%.0f", t * 100 / hz / (c / r + h / 1000) }')"
        db_percent="-"
        if [[ "${target}" == "softswitch" && "${cdr}" != "off" ]]; then
            db_percent="$(awk -v t="${db_ticks}" -v hz="${clock_ticks}" -v c="${calls}" -v r="${rate}" -v h="${hold_ms}" \
                'BEGIN { printf "%.0f", t * 100 / hz / (c / r + h / 1000) }')"
        fi
        # The generators' own shortfall, apart from the target's: the uacs started fewer calls a
        # second than asked, or their sockets dropped answers (then a failed call may be theirs).
        attributable="ok"
        # The uas is a generator too: what its socket dropped was lost at the vendor's end.
        local uas_drops="${socket_drops#*/}"
        if (( uac_drops + uas_drops > 0 )); then
            attributable="dropped ${uac_drops}+${uas_drops}"
        elif (( achieved * 100 < rate * 95 )); then
            attributable="short"
        fi
        printf '| %s | %s | %d | %s | %d | %d | %d | %d | %d | %d | %s | %d | %d (%s) | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
            "${name}" "${label}" "${achieved}" "${attributable}" "${calls}" "${ok}" "${goodput}" "${refused}" \
            "${failed}" "${timeouts_408}" \
            "$( (( refused + failed > 0 )) && echo "${clean_after}" || echo 0)" "${retrans}" "${drops}" "${socket_drops}" \
            "${vendor_invites}" "${vendor_oks}" \
            "${p50}" "${p90}" "${p99}" "${p999}" "${max}" "${cpu_ms_per_call}" "${cpu_percent}" "${db_percent}" \
            "${uac_cpu}" "${peak}" "${heap_per_call}" "$(cut -d' ' -f1 /proc/loadavg)" >>"${rows}"
        if [[ -s "${step_dir}/overload.tsv" ]]; then
            echo "- ${name} at ${label} calls/s: $(overload_peaks "${step_dir}/overload.tsv")" >>"${work}/signals.md"
        fi
        if [[ -s "${step_dir}/threads.txt" ]]; then
            echo "- ${name} at ${label} calls/s: $(cat "${step_dir}/threads.txt")" >>"${work}/threads.md"
        fi
        local backlog
        backlog="$(billing_backlog)"
        if [[ -n "${backlog}" && "${cdr}" != "off" && "${cdr}" != "journal" ]]; then
            echo "- ${name}: ${backlog} records not yet billed at the end of the ${label} calls/s step" >>"${work}/drain.md"
        fi
        if [[ -s "${step_dir}/failures.txt" ]]; then
            echo "- ${name} at ${label} calls/s: $(head -n 4 "${step_dir}/failures.txt" | paste -sd ';' | sed 's/;/; /g')" \
                >>"${work}/failures.md"
        fi
        echo "${name}: ${label} calls/s -> goodput ${goodput}/s, 503 ${refused}, failed ${failed} (408: ${timeouts_408})," \
            "generators ${achieved}/s ${attributable}, INVITE retransmissions to the vendor ${vendor_invites}," \
            "p99 ${p99} ms, ${cpu_ms_per_call} ms CPU/call" >&2
        if [[ "${label}" != "${rate}" ]]; then
            continue
        fi
        if (( failed == 0 && refused == 0 )); then
            # Only a clean step after clean steps raises the ceiling: with --keep-going a clean
            # step above a failed one is listed, never taken as the highest rate.
            if [[ -z "${failed_steps}" ]]; then
                best="${rate}"
            fi
        else
            failed_steps="${failed_steps:+${failed_steps}, }${rate} (${refused} refused, ${failed} failed)"
            if (( keep_going == 0 )); then
                break
            fi
        fi
    done
    echo "| ${name} | ${best} | ${failed_steps:-none} |" >>"${work}/best.md"
    if [[ "${target}" == "softswitch" && ( "${cdr}" == "on" || "${cdr}" == "undeferred" ) && -n "$(billing_backlog)" ]]; then
        # How long billing takes to catch up once the load is gone (it defers while the loops are pressed).
        local drain_start drained=""
        drain_start="$(date +%s%3N)"
        while (( $(date +%s%3N) - drain_start < 300000 )); do
            if [[ "$(billing_backlog)" == "0" ]]; then
                drained="$(awk -v a="${drain_start}" -v b="$(date +%s%3N)" 'BEGIN { printf "%.1f", (b - a) / 1000 }')"
                break
            fi
            sleep 0.2
        done
        if [[ -n "${drained}" ]]; then
            echo "- ${name}: after the last step, the backlog drained in ${drained} s" >>"${work}/drain.md"
        else
            echo "- ${name}: after the last step, the backlog was not drained within 300 s" >>"${work}/drain.md"
        fi
    fi

    stop_pid "${target_pid}"
    stop_pid "${uas_pid}"
    admin_port=""
}

: > "${work}/best.md"
: > "${work}/failures.md"
: > "${work}/signals.md"
: > "${work}/threads.md"
: > "${work}/drain.md"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for target in ${targets}; do
    case "${target}" in
        softswitch) for cdr in ${cdr_modes}; do ramp_target softswitch; done ;;
        kamailio) ramp_target kamailio ;;
        *) echo "unknown target: ${target}" >&2; exit 2 ;;
    esac
done

{
    echo "# SIPp ramp, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo);" \
        "load average at the start: ${load_at_start}, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "SIPp $(sipp -v 2>&1 | awk '/SIPp v/ { print $2; exit }'), $(kamailio -v 2>/dev/null | head -1 || true)."
    echo "Command: \`benchmarks/sipp/ramp.sh --targets \"${targets}\" --rates \"${rates}\" --seconds ${step_seconds} --warmup-seconds ${warmup_seconds} --warmup-rate ${warmup_rate}$( (( keep_going )) && echo " --keep-going") --hold-ms ${hold_ms} --destinations ${destinations} --cdr \"${cdr_modes}\"${after_rate:+ --after-rate ${after_rate}} --uacs ${uacs}${config_extra:+ --config-extra ${config_extra}}$( (( thread_cpu )) && echo " --thread-cpu")\`"
    echo
    echo "Calls: INVITE, 100, 180, 200, ACK, BYE, 200 over UDP on loopback; uac and uas are SIPp, ${uacs} uac"
    echo "process(es) sharing each step's rate, receive buffers of ${uac_buffer} bytes asked (the kernel caps"
    echo "them at net.core.rmem_max = $(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo '?'))."
    echo "offered: the calls a second the uacs started (SIPp's own rate); generators: ok, or \"short\" when"
    echo "they started under 95 % of the rate, or \"dropped N+M\" when the uacs' own sockets dropped N"
    echo "datagrams and the uas's M (lost at a generator: failed calls of that step may be the generators')."
    echo "INVITE retrans. to vendor: retransmitted INVITEs the uas (the vendor) received from the target;"
    echo "200 retrans. by vendor: 200s the uas resent because the ACK had not come (counted once a"
    echo "second by the uas: a step's figure may include the last second of the step before)."
    echo "completed: calls carried end to end; goodput: completed calls per second of the step; 503: calls"
    echo "the target refused (overload shedding); failed: any other failure (timeout, unexpected message);"
    echo "clean after: the second of the step after which no 503 or failure came (0: none at all). A step"
    echo "marked (after) runs at once after the step before it, to show the recovery."
    echo "Response time: INVITE sent to 180 received (through the target to the uas and back), at"
    echo "SIPp's 1 ms resolution (0 means under 1 ms); the uas answers 200 20 ms after its 180."
    echo "CPU: utime + stime of the target's processes over the step, divided by the calls offered;"
    echo "target CPU % is of one core over the step's nominal duration (calls / rate); database CPU % is"
    echo "the same for our switch's embedded PostgreSQL with CDRs on (billing writes; outside the target's"
    echo "process tree, so not in the target's figures)."
    echo "UDP drops: datagrams the kernel dropped for a full receive buffer during the step, on any"
    echo "socket of the machine; in brackets those of the target's and of the uas's sockets."
    echo "load: the machine's 1-minute load average at the end of the step (2 cores; other work included)."
    echo "Hold: ${hold_ms} ms between ACK and BYE; ${destinations} dialled number(s). Peak calls: most calls in"
    echo "progress at once (the uac's count). Heap/call: our JVM's heap after a full GC at the step's"
    echo "peak minus after a full GC before it, over the calls in progress at the peak (held calls only)."
    echo
    echo "| target | rate (calls/s) | offered (calls/s) | generators | calls | completed | goodput (calls/s) | 503 | failed | of which 408 | clean after (s) | uac retransmissions | UDP drops (target/uas) | INVITE retrans. to vendor | 200 retrans. by vendor | RT p50 (ms) | p90 | p99 | p99.9 | max | target CPU ms/call | target CPU % | database CPU % | uac CPU % | peak calls | heap B/call | load |"
    echo "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    cat "${rows}"
    if [[ -s "${work}/failures.md" ]]; then
        echo
        echo "What the uacs' error logs hold, most frequent first (index 2 of the uac's scenario waits for"
        echo "the 503 or the 180: a 200 there means the 180 was lost or came after the 200):"
        echo
        cat "${work}/failures.md"
    fi
    if [[ -s "${work}/signals.md" ]]; then
        echo
        echo "Our switch's overload signals, highest value of each in the step's 100 ms samples of /metrics"
        echo "(the high marks: refused share rises over 4096 KB queued, 250 ms receive delay, 200 ms loop lag,"
        echo "5000 pending tasks, unless the config says otherwise):"
        echo
        cat "${work}/signals.md"
    fi
    if [[ -s "${work}/threads.md" ]]; then
        echo
        echo "CPU per thread of our switch's JVM (by thread name) and per process of its PostgreSQL (by process"
        echo "title), in % of one core over each step, those at 1 % or more, busiest first:"
        echo
        cat "${work}/threads.md"
    fi
    if [[ -s "${work}/drain.md" ]]; then
        echo
        echo "Billing's backlog (softswitch_billing_backlog_records) after each step, and the time to drain it"
        echo "after the last step (billing defers while the event loops are under pressure; docs/billing.md):"
        echo
        cat "${work}/drain.md"
    fi
    echo
    echo "Highest rate with no refused and no failed call (every lower step also had none), and the"
    echo "steps that had some (rate, refused and failed calls):"
    echo
    echo "| target | calls/s | steps with refused or failed calls |"
    echo "| --- | ---: | --- |"
    cat "${work}/best.md"
} >"${results}"

cat "${results}"
echo "results: ${results}" >&2
echo "SIPp and target logs of every step: ${work}" >&2
