#!/usr/bin/env bash
# Peak heap of the switch while it imports a generated N-row rate deck through the admin API.
#
#   benchmarks/admin-import-heap.sh [ROWS=1000000] [XMX=1g] [QUERY]
#
# Starts bin/softswitch on the demo configuration with its own embedded PostgreSQL under a temp
# directory and -Xlog:gc, posts the deck with the first admin token, prints the HTTP status and
# the largest heap occupancy after a GC, then stops the switch (SIGTERM, by its PID) and removes
# the directory. QUERY defaults to an update of vendor-a's deck; add &dry-run=true to leave out
# the store and the reload.
set -euo pipefail
rows="${1:-1000000}"
xmx="${2:-1g}"
query="${3:-trunk=vendor-a&direction=vendor&mode=update&file=generated.csv}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    fi
    rm -rf "$work"
}
trap cleanup EXIT

awk -v rows="$rows" 'BEGIN { srand(7); print "prefix,destination,rate";
    for (i = 0; i < rows; i++) printf "%d,Destination %d,0.%06d\n", 1000000 + i * 7, i % 5000, 1000 + int(rand() * 98999) }' \
    > "$work/deck.csv"
cp -r "$root/config/decks" "$work/decks"
sed -e "s#data-directory: data/postgres#data-directory: $work/postgres#" "$root/config/demo.yaml" > "$work/switch.yaml"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$work/gc.log" "$root/bin/softswitch" --config "$work/switch.yaml" \
    --sip-port 0 --admin-port "$port" > "$work/switch.log" 2>&1 &
pid=$!
# The first run builds switch-app (bin/softswitch does), which can take minutes on a busy machine.
for _ in $(seq 1 900); do
    grep -q "admin HTTP listening" "$work/switch.log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/switch.log" >&2; exit 1; }
    sleep 1
done
grep -q "admin HTTP listening" "$work/switch.log" || { echo "the switch did not start" >&2; cat "$work/switch.log" >&2; exit 1; }
token="$(sed -n "s/.*created admin API token 'first-admin'.*: \(sst_[A-Za-z0-9_-]*\)$/\1/p" "$work/switch.log")"
status="$(curl -s -o "$work/reply.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    --data-binary @"$work/deck.csv" "http://127.0.0.1:$port/api/decks/import?$query" || true)"
peak="$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$work/gc.log" | sed 's/.*->\([0-9]*\)M(.*/\1/' | sort -n | tail -1 || true)"
echo "rows=$rows xmx=$xmx status=${status:-none} peak_heap_after_gc_mb=${peak:-?} deck_bytes=$(stat -c %s "$work/deck.csv")"
head -c 300 "$work/reply.json" 2>/dev/null && echo
