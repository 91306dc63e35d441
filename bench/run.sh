#!/usr/bin/env bash
# The performance benchmark: one command from a fresh clone prints a report to check
# against the targets (bench/README.md explains each section and how to read it):
#
#   bash bench/run.sh
#
# 1. Durable receipts: sanbao (release build, `serve --demo` on a fresh database, wrk
#    posting one-line receipts with bench/receipts.lua, each with its own Idempotency-Key)
#    at 1, 8 and 32 clients, beside PostgreSQL (a temporary cluster on loopback, default
#    settings: fsync and synchronous_commit on) running the same movement from
#    ../shared/bench/postgres/ two ways: post_movement.sql (one multi-statement
#    transaction) and post_movement_fn.sql (one call of the PL/pgSQL function of fn.sql),
#    both with pgbench -M prepared on the schema and seed of schema.sql.
# 2. Reads: one part's stock across locations, GET /api/v1/stock?part=… (wrk,
#    bench/stock_read.lua) beside pgbench running stock_on_hand.sql, at 8 clients.
# 3. Reconciliation: `sanbao check` timed as a whole process, best of 3, on databases of
#    250,000, 500,000 and 1,000,000 stock ledger entries built by `sanbao generate`.
# 4. Lists and reports on the large database (1,000,000 entries, 100,000 sold units,
#    10,000 claims): `bash bench/reads.sh URL` against a server over a copy of it.
# 5. Memory: the server's resident memory over that large database under load.
#
# Environment:
#   BENCH_SECONDS      seconds per load point (default 10)
#   BENCH_CLIENTS      clients for the receipts, space separated (default "1 8 32")
#   BENCH_READ_CLIENTS clients for the reads (default 8)
#   BENCH_SIZES        ledger entries of the reconciliation databases (default
#                      "250000 500000 1000000"; the largest also underlies the large
#                      database; "" skips sections 3 to 5)
#   BENCH_UNITS        sold units in the large database (default 100000)
#   BENCH_CLAIMS       warranty claims in the large database (default 10000)
#   BENCH_LOAD_SECONDS seconds of each load of the memory section (default 5)
#   BENCH_DATA=DIR     keep the generated databases in DIR and reuse them on later runs
#                      (named by what they hold: e250k.redb, e1m.redb, e1m-u100k-c10k.redb,
#                      each used only when e.g. e1m.done is beside it); they are copied before
#                      any command or server opens them, so DIR is never written but for
#                      databases it lacks. Default: generated into the temporary directory
#   BENCH_SANBAO_ON_PG=1  also run the receipts against sanbao with its store on the same
#                      PostgreSQL cluster (`serve --store postgres://…`); default off
#   BENCH_BIN=PATH     measure this sanbao binary (a release build) instead of building
#                      this tree, e.g. to compare two builds back to back
#   BENCH_PORT         first loopback port (default 18080; PostgreSQL +1, the large
#                      database's server +2)
#   BENCH_KEEP=1       keep the temporary directories (databases, logs) and print them
#
# About 4 minutes on a 2-core machine with the defaults, of which generating the databases
# takes about 40 s, plus bench/reads.sh. Installs postgresql and wrk with apt-get when
# missing. Everything listens on 127.0.0.1 only; every process started here is stopped on
# exit. The report goes to stdout, progress to stderr; every failed request or transaction
# is a WARNING line.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# The processes using more than 5% of a core over one second, busiest first.
BUSY_BEFORE=$(top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^ *PID/ { n++; next }
  n == 2 && $9 + 0 > 5 { printf "%s %s%%\n", $12, $9 }' | head -6 | paste -sd, - | sed 's/,/, /g' || true)

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
CLIENTS=${BENCH_CLIENTS:-"1 8 32"}
READ_CLIENTS=${BENCH_READ_CLIENTS:-8}
SIZES=$(tr ' ' '\n' <<<"${BENCH_SIZES-250000 500000 1000000}" | grep . | sort -n | uniq | tr '\n' ' ' || true)
UNITS=${BENCH_UNITS:-100000}
CLAIMS=${BENCH_CLAIMS:-10000}
LOAD_SECONDS=${BENCH_LOAD_SECONDS:-5}
PORT=${BENCH_PORT:-18080}
PG_PORT=$((PORT + 1))
BIG_PORT=$((PORT + 2))
PG_FILES=$ROOT/../shared/bench/postgres

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
WARNINGS=0
warn() {
  echo "WARNING: $*"
  WARNINGS=$((WARNINGS + 1))
}
# One line per target, printed at the end.
SUMMARY=()
summary() {
  echo
  echo "## Summary"
  echo
  local line
  for line in "${SUMMARY[@]}"; do echo "- $line"; done
  echo "- warnings: $WARNINGS"
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"
  fi
}

apt_updated=0
install() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

# --- tools -------------------------------------------------------------------------------
for f in schema.sql fn.sql post_movement.sql post_movement_fn.sql stock_on_hand.sql; do
  [ -f "$PG_FILES/$f" ] || die "missing $PG_FILES/$f (the PostgreSQL side lives in ../shared/bench/postgres/)"
done
command -v wrk >/dev/null || install wrk
command -v curl >/dev/null || install curl
PG_BIN=$(pg_bin) || { install postgresql; PG_BIN=$(pg_bin) || die "no PostgreSQL binaries after install"; }
PGBENCH=$PG_BIN/pgbench
[ -x "$PGBENCH" ] && [ -x "$PG_BIN/psql" ] || die "pgbench or psql missing in $PG_BIN"

if [ -n "${BENCH_BIN:-}" ]; then
  SANBAO=$(cd "$(dirname "$BENCH_BIN")" && pwd)/$(basename "$BENCH_BIN")
  [ -x "$SANBAO" ] || die "BENCH_BIN=$BENCH_BIN is not an executable"
  BUILD_NOTE="the binary given by BENCH_BIN"
else
  say "building sanbao (release)"
  cargo build --release --locked --quiet --bin sanbao
  SANBAO=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/sanbao
  BUILD_NOTE="release build of this tree"
fi

# --- scratch space and cleanup ------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanbao-bench.XXXXXX")
PGDATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sanbao-bench-pg.XXXXXX")
DATA=${BENCH_DATA:-$WORK/data}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
SERVER_PID=""
SAMPLER_PID=""
PG_STARTED=0

# PostgreSQL refuses to run as root: then its cluster belongs to the postgres user.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  chown postgres: "$PGDATA_DIR"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

stop_pid() {
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
stop_server() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
}

cleanup() {
  local status=$?
  stop_pid "$SAMPLER_PID"
  stop_server
  if [ "$PG_STARTED" -eq 1 ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    say "kept $WORK and $PGDATA_DIR"
  else
    rm -rf "$WORK" "$PGDATA_DIR"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The demo part numbers: the loads pick one at random per request.
PARTS=$(grep -o '"part_no": *"[^"]*"' fixtures/demo.json | sed 's/.*: *"\(.*\)"/\1/' | sort -u)
PART_COUNT=$(wc -l <<<"$PARTS")
[ "$PART_COUNT" -gt 0 ] || die "no parts in fixtures/demo.json"
printf '%s\n' "$PARTS" >"$WORK/parts.txt"

threads_for() { if [ "$1" -ge 2 ]; then echo 2; else echo 1; fi; }
ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "-" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# Percentile (p in 0..100) of the numbers in a file, one per line, nearest rank.
percentile() {
  sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    r = int((p / 100) * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR; print v[r] }'
}

# Size label of a count: 250000 -> 250k, 1000000 -> 1m.
label() {
  awk -v n="$1" 'BEGIN { if (n % 1000000 == 0) printf "%dm", n / 1000000;
    else if (n % 1000 == 0) printf "%dk", n / 1000; else printf "%d", n }'
}

start_server() { # log, then the serve arguments
  local log=$1
  shift
  RUST_LOG=warn "$SANBAO" serve "$@" >"$log" 2>&1 &
  SERVER_PID=$!
}

wait_http() {
  local url=$1 log=$2 i
  for i in $(seq 1 600); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$log" >&2; die "the server exited"; }
    sleep 0.1
  done
  tail -20 "$log" >&2
  die "the server did not answer $url"
}

# wrk NAME SCRIPT CLIENTS SECONDS URL: sets W_RPS W_P50 W_P99 W_BAD (failed requests).
wrk_run() {
  local name=$1 script=$2 c=$3 secs=$4 url=$5 out reqs dur_us p50_us p99_us bad_status bad_socket
  out=$(BENCH_PARTS="$WORK/parts.txt" BENCH_RUN="$name-$(date +%s%N)" wrk -t "$(threads_for "$c")" -c "$c" \
    -d "${secs}s" --timeout 10s -s "$script" "$url" | tee -a "$WORK/wrk.log" | grep '^WRK ') ||
    die "wrk gave no summary for $name (see $WORK/wrk.log)"
  read -r _ reqs dur_us p50_us p99_us bad_status bad_socket <<<"$out"
  W_RPS=$(awk -v r="$reqs" -v d="$dur_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  W_P50=$(ms "$p50_us")
  W_P99=$(ms "$p99_us")
  W_BAD=$((bad_status + bad_socket))
  W_GOOD=$((reqs - bad_status))
  W_DETAIL="$bad_status non-2xx, $bad_socket socket errors, of $reqs"
}

PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)

# pgbench NAME CLIENTS THREADS SAMPLING FILE [-D …]: sets P_TPS P_P50 P_P99 P_FAIL.
pg_run() {
  local name=$1 c=$2 j=$3 rate=$4 file=$5 out status=0
  shift 5
  "${PSQL[@]}" -d bench -c CHECKPOINT >/dev/null
  rm -f "$WORK/pglog.$name".*
  out=$("$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$c" -j "$j" \
    -T "$SECONDS_PER_RUN" "$@" -f "$file" --log --sampling-rate="$rate" \
    --log-prefix="$WORK/pglog.$name" bench 2>&1) || status=$?
  printf '## %s\n%s\n' "$name" "$out" >>"$WORK/pgbench.log"
  P_TPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' <<<"$out" | awk '{ printf "%.0f", $1 }')
  P_FAIL=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")
  P_FAIL=${P_FAIL:-0}
  if [ "$status" -ne 0 ]; then
    P_FAIL="$P_FAIL+aborted"
    PG_NOTES+=("pgbench $name ended with status $status: $(grep -m1 -i 'abort\|error' <<<"$out" || true)")
  fi
  [ -n "$P_TPS" ] || P_TPS=0
  # Per-transaction log: client, transaction, latency (us) or "failed", script, epoch s, us.
  cat "$WORK"/pglog."$name".* 2>/dev/null | awk '$3 ~ /^[0-9]+$/ { print $3 }' >"$WORK/pglat.$name"
  P_P50=$(ms "$(percentile "$WORK/pglat.$name" 50)")
  P_P99=$(ms "$(percentile "$WORK/pglat.$name" 99)")
}
PG_NOTES=()

# --- PostgreSQL cluster (started first: its settings head the report) -----------------------
say "PostgreSQL: temporary cluster on 127.0.0.1:$PG_PORT ($PG_BIN)"
as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDATA_DIR" start >/dev/null
PG_STARTED=1
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench" >/dev/null
PG_SETTINGS=$("${PSQL[@]}" -d bench -tA -F '|' -c "SELECT current_setting('server_version'),
  current_setting('fsync'), current_setting('synchronous_commit'), current_setting('wal_sync_method'),
  current_setting('shared_buffers')")
IFS='|' read -r PG_VERSION PG_FSYNC PG_SYNC PG_WALSYNC PG_SHARED <<<"$PG_SETTINGS"

# --- header -----------------------------------------------------------------------------------
COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || COMMIT="$COMMIT (with uncommitted changes)"
echo "# sanbao benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
  "$(free -m | awk '/^Mem:/ { printf "%.1f GiB", $2 / 1024 }') memory, Linux $(uname -r)," \
  "disk $(df -T "$WORK" | awk 'NR == 2 { print $2 }')"
echo "- load average before the run: $LOAD_BEFORE; busiest processes then: ${BUSY_BEFORE:-none}"
echo "- sanbao: commit $COMMIT; $BUILD_NOTE ($SANBAO)"
echo "- PostgreSQL $PG_VERSION (temporary cluster, default settings): fsync $PG_FSYNC," \
  "synchronous_commit $PG_SYNC, wal_sync_method $PG_WALSYNC, shared_buffers $PG_SHARED"
echo "- ${SECONDS_PER_RUN} s per load point; everything on 127.0.0.1; wrk and pgbench share the cores with the servers"

# --- 1 and 2, sanbao: receipts, then one part's stock, on a fresh demo database ----------------
declare -A S_RPS S_P50 S_P99 S_BAD S_DETAIL T_TPS T_P50 T_P99 T_FAIL F_TPS F_P50 F_P99 F_FAIL
say "sanbao: serving a fresh demo database on 127.0.0.1:$PORT"
start_server "$WORK/sanbao.log" --demo --db "$WORK/bench.redb" --listen "127.0.0.1:$PORT"
wait_http "http://127.0.0.1:$PORT/healthz" "$WORK/sanbao.log"
# Stock ledger entries the server holds, from its own reconciliation.
ledger_entries() {
  curl -sf -H 'Authorization: Bearer demo-finance' "$1/api/v1/reconciliation" |
    grep -o '"stock_entries":[0-9]*' | cut -d: -f2
}
LEDGER_NOTES=()
for c in $CLIENTS; do
  say "sanbao receipts: $c clients, ${SECONDS_PER_RUN}s"
  before=$(ledger_entries "http://127.0.0.1:$PORT") || before=""
  wrk_run "c$c" bench/receipts.lua "$c" "$SECONDS_PER_RUN" "http://127.0.0.1:$PORT"
  S_RPS[$c]=$W_RPS S_P50[$c]=$W_P50 S_P99[$c]=$W_P99 S_BAD[$c]=$W_BAD S_DETAIL[$c]=$W_DETAIL
  # Each acknowledged receipt is one more ledger entry (a request cut off by wrk's end may
  # add one wrk did not count): fewer means an answer without its write.
  after=$(ledger_entries "http://127.0.0.1:$PORT") || after=""
  if [ -z "$before" ] || [ -z "$after" ]; then
    LEDGER_NOTES+=("sanbao at $c clients: GET /api/v1/reconciliation gave no count of ledger entries")
  elif [ $((after - before)) -lt "$W_GOOD" ]; then
    LEDGER_NOTES+=("sanbao at $c clients: $W_GOOD receipts acknowledged, only $((after - before)) ledger entries added")
  fi
done
probe=$(head -1 "$WORK/parts.txt")
curl -sf -H 'Authorization: Bearer demo-finance' "http://127.0.0.1:$PORT/api/v1/stock?part=$probe" |
  grep -q "\"part_no\":\"$probe\"" || die "GET /api/v1/stock?part=$probe does not answer that part's stock"
say "sanbao stock reads: $READ_CLIENTS clients, ${SECONDS_PER_RUN}s"
wrk_run "read" bench/stock_read.lua "$READ_CLIENTS" "$SECONDS_PER_RUN" "http://127.0.0.1:$PORT"
R_RPS=$W_RPS R_P50=$W_P50 R_P99=$W_P99 R_BAD=$W_BAD R_DETAIL=$W_DETAIL
stop_server
say "sanbao: reconciling the loaded database"
LOADED_CHECK=$("$SANBAO" check --db "$WORK/bench.redb" 2>&1 | tail -2 | paste -sd';' | sed 's/;/; /g') || true

# --- 1 and 2, PostgreSQL: the same movement two ways, then the read --------------------------
load_schema() {
  "${PSQL[@]}" -d bench -f "$PG_FILES/schema.sql" >/dev/null 2>"$WORK/psql.err" ||
    { cat "$WORK/psql.err" >&2; die "schema.sql failed"; }
  "${PSQL[@]}" -d bench -f "$PG_FILES/fn.sql" >/dev/null
  "${PSQL[@]}" -d bench -c "VACUUM ANALYZE" >/dev/null
}
run_id=0
for form in tx fn; do
  load_schema
  file=$PG_FILES/post_movement.sql
  [ "$form" = fn ] && file=$PG_FILES/post_movement_fn.sql
  for c in $CLIENTS; do
    run_id=$((run_id + 1))
    say "PostgreSQL $(basename "$file"): $c clients, ${SECONDS_PER_RUN}s"
    pg_run "$form$c" "$c" "$(threads_for "$c")" 1 "$file" -D phase=0 -D seq=0 -D run="$run_id"
    if [ "$form" = tx ]; then
      T_TPS[$c]=$P_TPS T_P50[$c]=$P_P50 T_P99[$c]=$P_P99 T_FAIL[$c]=$P_FAIL
    else
      F_TPS[$c]=$P_TPS F_P50[$c]=$P_P50 F_P99[$c]=$P_P99 F_FAIL[$c]=$P_FAIL
    fi
  done
done
PG_ROWS=$("${PSQL[@]}" -d bench -tAc "SELECT count(*) FROM stock_ledger")
say "PostgreSQL stock_on_hand.sql: $READ_CLIENTS clients, ${SECONDS_PER_RUN}s"
# A tenth of the read transactions is logged for the percentiles: logging each costs pgbench.
pg_run "read" "$READ_CLIENTS" "$(threads_for "$READ_CLIENTS")" 0.1 "$PG_FILES/stock_on_hand.sql"
PR_TPS=$P_TPS PR_P50=$P_P50 PR_P99=$P_P99 PR_FAIL=$P_FAIL

# --- optional: sanbao with its store on that PostgreSQL --------------------------------------
declare -A G_RPS G_P50 G_P99 G_BAD G_DETAIL
if [ "${BENCH_SANBAO_ON_PG:-0}" = 1 ]; then
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE sanbao" >/dev/null
  PG_STORE="postgres://postgres@127.0.0.1:$PG_PORT/sanbao"
  say "sanbao on PostgreSQL: serving a fresh demo database on 127.0.0.1:$PORT"
  start_server "$WORK/sanbao-pg.log" --demo --store "$PG_STORE" --listen "127.0.0.1:$PORT"
  wait_http "http://127.0.0.1:$PORT/healthz" "$WORK/sanbao-pg.log"
  for c in $CLIENTS; do
    say "sanbao on PostgreSQL: $c clients, ${SECONDS_PER_RUN}s"
    wrk_run "g$c" bench/receipts.lua "$c" "$SECONDS_PER_RUN" "http://127.0.0.1:$PORT"
    G_RPS[$c]=$W_RPS G_P50[$c]=$W_P50 G_P99[$c]=$W_P99 G_BAD[$c]=$W_BAD G_DETAIL[$c]=$W_DETAIL
  done
  stop_server
  PG_STORE_CHECK=$("$SANBAO" check --store "$PG_STORE" 2>&1 | tail -2 | paste -sd';' | sed 's/;/; /g') || true
fi
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null
PG_STARTED=0

# --- report of 1 and 2 --------------------------------------------------------------------
receipt_target() { # clients ratio-vs-transaction p99 failures
  local c=$1 r=$2 p99=$3 bad=$4 verdict
  case $c in
    1) if ge "$r" 1.5; then verdict="≥ 1.5×: met"; else verdict="≥ 1.5×: missed"; fi ;;
    8) if ge "$r" 2; then verdict="≥ 2×: met"; else verdict="≥ 2×: missed"; fi ;;
    32) if ge "$r" 5 && ge 3 "$p99"; then verdict="≥ 5×, p99 ≤ 3 ms: met"; else verdict="≥ 5×, p99 ≤ 3 ms: missed"; fi ;;
    *) verdict="-" ;;
  esac
  [ "$bad" -eq 0 ] || verdict="not valid: $bad failed requests"
  echo "$verdict"
}
echo
echo "## 1. Durable receipts"
echo
echo "sanbao: HTTP requests answered 201, each fsynced before its answer (one-line receipt, a random"
echo "part of $PART_COUNT, own Idempotency-Key); PostgreSQL: pgbench transactions committed, transaction"
echo "form (post_movement.sql) and function form (post_movement_fn.sql calling fn.sql)."
echo
echo "| clients | sanbao req/s | p50 | p99 | PG transaction TPS | p50 | p99 | PG function TPS | p50 | p99 | sanbao / transaction | sanbao / function | target (vs transaction) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for c in $CLIENTS; do
  rt=$(ratio "${S_RPS[$c]}" "${T_TPS[$c]}")
  rf=$(ratio "${S_RPS[$c]}" "${F_TPS[$c]}")
  verdict=$(receipt_target "$c" "${rt%×}" "${S_P99[$c]}" "${S_BAD[$c]}")
  echo "| $c | ${S_RPS[$c]} | ${S_P50[$c]} ms | ${S_P99[$c]} ms | ${T_TPS[$c]} | ${T_P50[$c]} ms | ${T_P99[$c]} ms" \
    "| ${F_TPS[$c]} | ${F_P50[$c]} ms | ${F_P99[$c]} ms | $rt | $rf | $verdict |"
  [ "$verdict" = - ] || SUMMARY+=("durable receipts at $c client$([ "$c" -eq 1 ] || echo s): $rt the transaction form, p99 ${S_P99[$c]} ms; $verdict")
done
echo
echo "After the load: sanbao check of its database: $LOADED_CHECK; PostgreSQL's stock_ledger holds $PG_ROWS rows (function form)."
if [ "${BENCH_SANBAO_ON_PG:-0}" = 1 ]; then
  echo
  echo "sanbao with its store on that PostgreSQL (serve --store postgres://…):"
  echo
  echo "| clients | req/s | p50 | p99 |"
  echo "|---:|---:|---:|---:|"
  for c in $CLIENTS; do echo "| $c | ${G_RPS[$c]} | ${G_P50[$c]} ms | ${G_P99[$c]} ms |"; done
  echo
  echo "Then sanbao check --store: $PG_STORE_CHECK"
fi
for c in $CLIENTS; do
  [ "${S_BAD[$c]}" -eq 0 ] || warn "sanbao receipts at $c clients: ${S_BAD[$c]} failed requests (${S_DETAIL[$c]})"
  [ "${T_FAIL[$c]}" = 0 ] || warn "PostgreSQL transaction form at $c clients: ${T_FAIL[$c]} failed transactions"
  [ "${F_FAIL[$c]}" = 0 ] || warn "PostgreSQL function form at $c clients: ${F_FAIL[$c]} failed transactions"
  [ "${G_BAD[$c]:-0}" -eq 0 ] || warn "sanbao on PostgreSQL at $c clients: ${G_BAD[$c]} failed requests (${G_DETAIL[$c]})"
done
for n in "${LEDGER_NOTES[@]}"; do warn "$n"; done

echo
echo "## 2. Reads: one part's stock across locations"
echo
if [ "$R_BAD" -ne 0 ]; then
  read_verdict="not valid: $R_BAD failed requests"
elif ge "$R_RPS" 64000; then read_verdict="≥ 64,000/s: met"; else read_verdict="≥ 64,000/s: missed"; fi
echo "| $READ_CLIENTS clients | per s | p50 | p99 | sanbao / PostgreSQL | target |"
echo "|---|---:|---:|---:|---:|---|"
echo "| sanbao GET /api/v1/stock?part=… | $R_RPS | $R_P50 ms | $R_P99 ms | $(ratio "$R_RPS" "$PR_TPS") | $read_verdict |"
echo "| PostgreSQL stock_on_hand.sql | $PR_TPS | $PR_P50 ms | $PR_P99 ms | | |"
[ "$R_BAD" -eq 0 ] || warn "sanbao stock reads: $R_BAD failed requests ($R_DETAIL)"
[ "$PR_FAIL" = 0 ] || warn "PostgreSQL stock_on_hand.sql: $PR_FAIL failed transactions"
for n in "${PG_NOTES[@]}"; do warn "$n"; done

SUMMARY+=("one part's stock at $READ_CLIENTS clients: $R_RPS/s; $read_verdict")
if [ -z "$SIZES" ]; then
  summary
  exit 0
fi

# --- 3. reconciliation databases: built once, each size topping up a copy of the one below ----
# Ready when NAME.done is beside NAME.redb: a build cut short is built again.
done_of() { echo "${1%.redb}.done"; }
ready() { [ -f "$1" ] && [ -f "$(done_of "$1")" ]; }
declare -A GEN_NOTE
prev=""
for n in $SIZES; do
  db=$DATA/e$(label "$n").redb
  if ready "$db"; then
    GEN_NOTE[$n]="reused"
  else
    rm -f "$db" "$(done_of "$db")"
    started=$(date +%s%N)
    if [ -n "$prev" ]; then
      say "generating $n stock ledger entries: a copy of $(basename "$prev") topped up"
      cp "$prev" "$db"
    else
      say "generating $n stock ledger entries"
    fi
    "$SANBAO" generate --db "$db" --entries "$n" >"$WORK/generate.log" 2>&1 || { tail -5 "$WORK/generate.log" >&2; die "generate failed"; }
    touch "$(done_of "$db")"
    GEN_NOTE[$n]="built in $(awk -v n=$(($(date +%s%N) - started)) 'BEGIN { printf "%.1f", n / 1e9 }') s${prev:+ (from $(basename "$prev"))}"
  fi
  prev=$db
done
LARGEST=$prev
N_LARGEST=$(tail -1 <<<"$(tr ' ' '\n' <<<"$SIZES" | grep .)")

echo
echo "## 3. Reconciliation (sanbao check, the whole process, best of 3)"
echo
echo "| stock ledger entries | journal entries | runs (s) | best (s) | ns per entry | database | target |"
echo "|---:|---:|---|---:|---:|---|---|"
for n in $SIZES; do
  db=$DATA/e$(label "$n").redb
  say "reconciling a copy of $(basename "$db") three times"
  cp "$db" "$WORK/check.redb"
  sync "$WORK/check.redb"
  times=()
  for i in 1 2 3; do
    started=$(date +%s%N)
    if ! "$SANBAO" check --db "$WORK/check.redb" >"$WORK/check.$i.out" 2>&1; then
      warn "sanbao check of $(basename "$db") failed: $(tail -3 "$WORK/check.$i.out" | tr '\n' ' ')"
    fi
    times+=("$(awk -v n=$(($(date +%s%N) - started)) 'BEGIN { printf "%.3f", n / 1e9 }')")
  done
  best=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
  read -r journal stock < <(sed -n 's/^checked \([0-9]*\) journal entries, \([0-9]*\) stock entries.*/\1 \2/p' "$WORK/check.1.out") || true
  per=$(awk -v t="$best" -v s="${stock:-0}" 'BEGIN { if (s > 0) printf "%.0f", t * 1e9 / s; else print "-" }')
  verdict="-"
  if [ "$n" -eq 1000000 ]; then
    if ge 0.5 "$best"; then verdict="≤ 0.5 s: met"; else verdict="≤ 0.5 s: missed"; fi
    SUMMARY+=("reconciliation of ${stock:-?} stock ledger entries: best $best s; $verdict")
  fi
  echo "| ${stock:-?} | ${journal:-?} | ${times[*]} | $best | $per | $(basename "$db"), ${GEN_NOTE[$n]}, $(du -mL "$db" | cut -f1) MiB | $verdict |"
  rm -f "$WORK/check.redb"
done

# --- 4. lists and reports on the large database ---------------------------------------------
BIG=$DATA/e$(label "$N_LARGEST")-u$(label "$UNITS")-c$(label "$CLAIMS").redb
if ready "$BIG"; then
  BIG_NOTE="reused"
else
  rm -f "$BIG" "$(done_of "$BIG")"
  say "generating the large database: a copy of $(basename "$LARGEST") with $UNITS units and $CLAIMS claims"
  started=$(date +%s%N)
  cp "$LARGEST" "$BIG"
  "$SANBAO" generate --db "$BIG" --entries "$N_LARGEST" --units "$UNITS" --claims "$CLAIMS" \
    >"$WORK/generate.log" 2>&1 || { tail -5 "$WORK/generate.log" >&2; die "generate failed"; }
  touch "$(done_of "$BIG")"
  BIG_NOTE="built in $(awk -v n=$(($(date +%s%N) - started)) 'BEGIN { printf "%.1f", n / 1e9 }') s from $(basename "$LARGEST")"
fi
cp "$BIG" "$WORK/big.redb"
sync "$WORK/big.redb"
say "serving a copy of $(basename "$BIG") on 127.0.0.1:$BIG_PORT"
start_server "$WORK/big-server.log" --demo --db "$WORK/big.redb" --listen "127.0.0.1:$BIG_PORT"
wait_http "http://127.0.0.1:$BIG_PORT/healthz" "$WORK/big-server.log"
BIG_PID=$SERVER_PID
# Resident memory, sampled every 0.1 s until the server stops.
(while [ -r "/proc/$BIG_PID/status" ]; do
  awk '/^VmRSS:/ { print $2 }' "/proc/$BIG_PID/status" 2>/dev/null || true
  sleep 0.1
done >"$WORK/rss.kib") &
SAMPLER_PID=$!
RSS_IDLE=$(awk '/^VmRSS:/ { print $2 }' "/proc/$BIG_PID/status")

echo
echo "## 4. Lists and reports on the large database"
echo
echo "$(basename "$BIG") ($BIG_NOTE, $(du -mL "$BIG" | cut -f1) MiB): $N_LARGEST stock ledger entries, $UNITS sold units, $CLAIMS claims besides the demo data; served by a copy."
echo
LISTS_NOTE="the lists and reports above"
if [ -f bench/reads.sh ]; then
  say "bench/reads.sh http://127.0.0.1:$BIG_PORT"
  bash bench/reads.sh "http://127.0.0.1:$BIG_PORT" 2>"$WORK/reads.err" | tee "$WORK/reads.out" ||
    warn "bench/reads.sh ended with status ${PIPESTATUS[0]}: $(tail -3 "$WORK/reads.err" | tr '\n' ' ')"
  READS_LINE=$(grep '^READS ' "$WORK/reads.out" | tail -1 || true)
  SUMMARY+=("lists and reports on the large database: ${READS_LINE:-no READS line from bench/reads.sh}")
else
  echo "bench/reads.sh is not in this tree: lists and reports not timed."
  LISTS_NOTE="no lists or reports (bench/reads.sh missing)"
  SUMMARY+=("lists and reports on the large database: not timed (bench/reads.sh missing)")
fi

# --- 5. memory under load ----------------------------------------------------------------------
say "loading the large database's server: receipts and stock reads at 32 clients, ${LOAD_SECONDS}s each"
wrk_run "mem-receipts" bench/receipts.lua 32 "$LOAD_SECONDS" "http://127.0.0.1:$BIG_PORT"
M_W_RPS=$W_RPS M_W_BAD=$W_BAD M_W_DETAIL=$W_DETAIL
wrk_run "mem-reads" bench/stock_read.lua 32 "$LOAD_SECONDS" "http://127.0.0.1:$BIG_PORT"
M_R_RPS=$W_RPS M_R_BAD=$W_BAD M_R_DETAIL=$W_DETAIL
HWM=$(awk '/^VmHWM:/ { print $2 }' "/proc/$BIG_PID/status")
RSS_END=$(awk '/^VmRSS:/ { print $2 }' "/proc/$BIG_PID/status")
stop_server
stop_pid "$SAMPLER_PID"
SAMPLER_PID=""
RSS_PEAK=$(sort -n "$WORK/rss.kib" | tail -1)
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

echo
echo "## 5. Server memory on the large database"
echo
echo "Under $LISTS_NOTE, then ${LOAD_SECONDS} s of receipts at 32 clients ($M_W_RPS req/s)" \
  "and ${LOAD_SECONDS} s of stock reads at 32 clients ($M_R_RPS req/s):"
echo
echo "| resident memory | MiB |"
echo "|---|---:|"
echo "| after start (VmRSS) | $(mib "$RSS_IDLE") |"
echo "| peak sampled every 0.1 s (VmRSS) | $(mib "$RSS_PEAK") |"
echo "| at the end (VmRSS) | $(mib "$RSS_END") |"
echo "| peak (VmHWM) | **$(mib "$HWM")** |"
[ "$M_W_BAD" -eq 0 ] || warn "receipts on the large database: $M_W_BAD failed requests ($M_W_DETAIL)"
[ "$M_R_BAD" -eq 0 ] || warn "stock reads on the large database: $M_R_BAD failed requests ($M_R_DETAIL)"
SUMMARY+=("server resident memory on the large database under load: peak $(mib "$HWM") MiB (VmHWM)")
summary
