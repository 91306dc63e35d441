#!/usr/bin/env bash
# Times the warranty analytics on a large database: 1,000,000 sold units and 100,000
# claims built by `sanbao generate` through the real commands, served by a release build,
# each report asked over HTTP several times (the first answer is printed apart: it reads
# a cold file). One command from a fresh clone:
#
#   bash bench/analytics.sh
#
# Environment:
#   BENCH_UNITS     generated units (default 1000000)
#   BENCH_CLAIMS    generated claims (default 100000)
#   BENCH_RUNS      timed requests per report (default 5)
#   BENCH_PORT      loopback port (default 18090)
#   BENCH_DB        reuse (or keep) this database file instead of a temporary one
#
# Prints the machine (CPU model, cores, memory) with the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

UNITS=${BENCH_UNITS:-1000000}
CLAIMS=${BENCH_CLAIMS:-100000}
RUNS=${BENCH_RUNS:-5}
PORT=${BENCH_PORT:-18090}
say() { printf '== %s\n' "$*" >&2; }

cargo build --release --locked --quiet --bin sanbao
BIN=${CARGO_TARGET_DIR:-target}/release/sanbao
work=$(mktemp -d)
DB=${BENCH_DB:-$work/analytics.redb}
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

say "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
say "generating $UNITS units and $CLAIMS claims into $DB"
started=$(date +%s)
"$BIN" generate --db "$DB" --entries 0 --units "$UNITS" --claims "$CLAIMS" >&2
say "generated in $(( $(date +%s) - started )) s; file $(du -h "$DB" | cut -f1)"

"$BIN" serve --demo --db "$DB" --listen "127.0.0.1:$PORT" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

time_report() {
  local name=$1 path=$2 token=${3:-demo-reviewer}
  local times=() t
  for i in $(seq 0 "$RUNS"); do
    t=$(curl -fsS -o "$work/answer.json" -w '%{time_total}' -H "authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1$path")
    if [ "$i" -eq 0 ]; then
      printf '%-40s first %6.3f s\n' "$name" "$t"
    else
      times+=("$t")
    fi
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{a[NR]=$1} END {
    printf "%-40s min %6.3f s  median %6.3f s  max %6.3f s  (%d runs)\n", name, a[1], a[int((NR+1)/2)], a[NR], NR }'
}

time_report "MIS, all units and claims" "/reports/mis"
python3 -c "import json,sys; r=json.load(open('$work/answer.json')); print(f\"   units {r['units']}, claims {r['claims']} (+{r['claims_beyond']} beyond), MIS 1 rate {r['rows'][0]['rate_per_1000']}\")"
time_report "MIS, approved basis" "/reports/mis?basis=approved"
time_report "MIS, one model" "/reports/mis?model=K9-City"
time_report "MIS, one supplier" "/reports/mis?supplier=S-02"
time_report "Nevada table" "/reports/nevada"
time_report "Early warning" "/reports/early-warning"
python3 -c "import json; r=json.load(open('$work/answer.json')); print('   flags:', [(f['part_no'], f['month']) for f in r['flags']])"
time_report "Reserve estimate" "/reports/reserve" demo-finance
