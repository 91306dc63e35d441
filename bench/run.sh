#!/usr/bin/env bash
# Benchmarks sanbao against PostgreSQL on this machine, then times reconciliation of a
# large database. One command from a fresh clone:
#
#   bash bench/run.sh
#
# 1. Durable scan postings: sanbao (release build, HTTP, wrk posting receipts, each with
#    its own Idempotency-Key) against the same "post one stock movement" transaction on
#    PostgreSQL (pgbench), at 1, 8 and 32 concurrent clients, both on loopback with their
#    default durable settings (fsync on; synchronous_commit on); then sanbao again under
#    the same load with its store on that PostgreSQL (`serve --store postgres://…`).
# 2. Reconciliation (`sanbao check`) of a database holding 1,000,000 stock ledger entries
#    built by `sanbao generate`, and two list reads on it.
#
# Environment:
#   BENCH_SECONDS   seconds per run (default 30)
#   BENCH_CLIENTS   concurrent clients, space separated (default "1 8 32")
#   BENCH_ENTRIES   ledger entries for the reconciliation database (default 1000000; 0 skips)
#   BENCH_PORT      first loopback port to use (default 18080; PostgreSQL gets +1, the
#                   large database's server +2)
#   BENCH_KEEP=1    keep the temporary directory (databases, logs) and print its path
#
# Installs postgresql and wrk with apt-get when missing. Everything listens on 127.0.0.1
# only; every server started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SECONDS_PER_RUN=${BENCH_SECONDS:-30}
CLIENTS=${BENCH_CLIENTS:-"1 8 32"}
ENTRIES=${BENCH_ENTRIES:-1000000}
PORT=${BENCH_PORT:-18080}
PG_PORT=$((PORT + 1))
BIG_PORT=$((PORT + 2))
LOCATION=WH-01

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

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
command -v wrk >/dev/null || install wrk
command -v curl >/dev/null || install curl
PG_BIN=$(pg_bin) || { install postgresql; PG_BIN=$(pg_bin) || die "no PostgreSQL binaries after install"; }
PGBENCH=$PG_BIN/pgbench
[ -x "$PGBENCH" ] && [ -x "$PG_BIN/psql" ] || die "pgbench or psql missing in $PG_BIN"

say "building sanbao (release)"
cargo build --release --quiet
SANBAO=$ROOT/target/release/sanbao

# --- scratch space and cleanup ------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanbao-bench.XXXXXX")
PGDATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sanbao-bench-pg.XXXXXX")
SERVER_PID=""
PG_STARTED=0

# PostgreSQL refuses to run as root: then its cluster belongs to the postgres user.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  chown postgres: "$PGDATA_DIR"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

cleanup() {
  local status=$?
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

# The demo part numbers: both loads pick one at random per movement, at one location.
PARTS=$(grep -o '"part_no": *"[^"]*"' fixtures/demo.json | sed 's/.*: *"\(.*\)"/\1/' | sort -u)
PART_COUNT=$(wc -l <<<"$PARTS")
[ "$PART_COUNT" -gt 0 ] || die "no parts in fixtures/demo.json"

threads_for() { if [ "$1" -ge 2 ]; then echo 2; else echo 1; fi; }

# Percentile (p in 0..100) of the numbers in a file, one per line, nearest rank.
percentile() {
  sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    r = int((p / 100) * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR; print v[r] }'
}

wait_http() {
  local url=$1 log=$2 i
  for i in $(seq 1 200); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$log" >&2; die "the server exited"; }
    sleep 0.1
  done
  tail -20 "$log" >&2
  die "the server did not answer $url"
}

# --- sanbao: HTTP receipts under wrk --------------------------------------------------------
printf '%s\n' "$PARTS" >"$WORK/parts.txt"

declare -A S_RPS S_P50 S_P99 S_BAD P_TPS P_P50 P_P99 P_FAIL

say "sanbao: serving a fresh demo database on 127.0.0.1:$PORT"
RUST_LOG=warn "$SANBAO" serve --demo --db "$WORK/bench.redb" --listen "127.0.0.1:$PORT" \
  >"$WORK/sanbao.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$PORT/healthz" "$WORK/sanbao.log"
for c in $CLIENTS; do
  say "sanbao: $c clients, ${SECONDS_PER_RUN}s"
  out=$(BENCH_PARTS="$WORK/parts.txt" BENCH_RUN="c$c-$(date +%s%N)" wrk -t "$(threads_for "$c")" -c "$c" -d "${SECONDS_PER_RUN}s" \
    --timeout 10s -s bench/receipts.lua "http://127.0.0.1:$PORT" | tee -a "$WORK/wrk.log" | grep '^WRK ')
  read -r _ reqs dur_us p50_us p99_us bad_status bad_socket <<<"$out"
  S_RPS[$c]=$(awk -v r="$reqs" -v d="$dur_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  S_P50[$c]=$(awk -v v="$p50_us" 'BEGIN { printf "%.2f", v / 1000 }')
  S_P99[$c]=$(awk -v v="$p99_us" 'BEGIN { printf "%.2f", v / 1000 }')
  S_BAD[$c]=$((bad_status + bad_socket))
done
stop_server
say "sanbao: reconciling the benchmark database"
"$SANBAO" check --db "$WORK/bench.redb" | tail -2 >&2

# --- PostgreSQL: the same transaction under pgbench -------------------------------------------
say "PostgreSQL: temporary cluster on 127.0.0.1:$PG_PORT ($PG_BIN)"
as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDATA_DIR -c max_connections=100" start >/dev/null
PG_STARTED=1
PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench" >/dev/null
as_pg "$PG_BIN/postgres" --version >&2 || true
"${PSQL[@]}" -d bench -tAc "SHOW fsync; SHOW synchronous_commit; SHOW wal_sync_method" | tr '\n' ' ' |
  sed 's/^/fsync, synchronous_commit, wal_sync_method: /' >&2
echo >&2

{
  cat bench/postgres_schema.sql
  n=0
  while read -r p; do
    n=$((n + 1))
    echo "INSERT INTO parts VALUES ($n, '$p');"
    echo "INSERT INTO stock VALUES ('$p', '$LOCATION', 0, 0);"
  done <<<"$PARTS"
  echo "VACUUM ANALYZE;"
} >"$WORK/schema.sql"
"${PSQL[@]}" -d bench -f "$WORK/schema.sql" >/dev/null


for c in $CLIENTS; do
  say "PostgreSQL: $c clients, ${SECONDS_PER_RUN}s"
  rm -f "$WORK"/pglog."$c".*
  out=$("$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$c" -j "$(threads_for "$c")" \
    -T "$SECONDS_PER_RUN" -D parts="$PART_COUNT" -f bench/postgres_receipt.sql --log --log-prefix="$WORK/pglog.$c" bench 2>&1) ||
    { echo "$out" >&2; die "pgbench failed"; }
  echo "$out" >>"$WORK/pgbench.log"
  P_TPS[$c]=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' <<<"$out" | awk '{ printf "%.0f", $1 }')
  P_FAIL[$c]=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")
  # Per-transaction log: client, transaction, latency (us), script, epoch s, epoch us.
  cat "$WORK"/pglog."$c".* | awk '{ print $3 }' >"$WORK/pglat.$c"
  P_P50[$c]=$(awk -v v="$(percentile "$WORK/pglat.$c" 50)" 'BEGIN { printf "%.2f", v / 1000 }')
  P_P99[$c]=$(awk -v v="$(percentile "$WORK/pglat.$c" 99)" 'BEGIN { printf "%.2f", v / 1000 }')
done
"${PSQL[@]}" -d bench -tAc "SELECT 'PostgreSQL: ' || count(*) || ' ledger rows' FROM stock_ledger" >&2
# --- sanbao on PostgreSQL: the same HTTP load, the store in the same cluster -------------------
declare -A G_RPS G_P50 G_P99 G_BAD
"${PSQL[@]}" -d postgres -c "CREATE DATABASE sanbao" >/dev/null
PG_STORE="postgres://postgres@127.0.0.1:$PG_PORT/sanbao"
say "sanbao on PostgreSQL: serving a fresh demo database on 127.0.0.1:$PORT"
RUST_LOG=warn "$SANBAO" serve --demo --store "$PG_STORE" --listen "127.0.0.1:$PORT" \
  >"$WORK/sanbao-pg.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$PORT/healthz" "$WORK/sanbao-pg.log"
for c in $CLIENTS; do
  say "sanbao on PostgreSQL: $c clients, ${SECONDS_PER_RUN}s"
  out=$(BENCH_PARTS="$WORK/parts.txt" BENCH_RUN="g$c-$(date +%s%N)" wrk -t "$(threads_for "$c")" -c "$c" -d "${SECONDS_PER_RUN}s" \
    --timeout 10s -s bench/receipts.lua "http://127.0.0.1:$PORT" | tee -a "$WORK/wrk-pg.log" | grep '^WRK ')
  read -r _ reqs dur_us p50_us p99_us bad_status bad_socket <<<"$out"
  G_RPS[$c]=$(awk -v r="$reqs" -v d="$dur_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  G_P50[$c]=$(awk -v v="$p50_us" 'BEGIN { printf "%.2f", v / 1000 }')
  G_P99[$c]=$(awk -v v="$p99_us" 'BEGIN { printf "%.2f", v / 1000 }')
  G_BAD[$c]=$((bad_status + bad_socket))
done
stop_server
say "sanbao on PostgreSQL: reconciling"
"$SANBAO" check --store "$PG_STORE" | tail -2 >&2

as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null
PG_STARTED=0

# --- the table ---------------------------------------------------------------------------------
echo
echo "Durable scan postings, ${SECONDS_PER_RUN} s per run, $(nproc) cores, loopback:"
echo
echo "| clients | sanbao req/s | p50 | p99 | PostgreSQL TPS | p50 | p99 | sanbao / PostgreSQL | sanbao on PostgreSQL req/s | p50 | p99 |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in $CLIENTS; do
  ratio=$(awk -v a="${S_RPS[$c]}" -v b="${P_TPS[$c]}" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "-" }')
  echo "| $c | ${S_RPS[$c]} | ${S_P50[$c]} ms | ${S_P99[$c]} ms | ${P_TPS[$c]} | ${P_P50[$c]} ms | ${P_P99[$c]} ms | $ratio | ${G_RPS[$c]} | ${G_P50[$c]} ms | ${G_P99[$c]} ms |"
done
for c in $CLIENTS; do
  [ "${S_BAD[$c]}" -eq 0 ] || echo "WARNING: sanbao at $c clients: ${S_BAD[$c]} failed requests (non-2xx or socket errors)"
  [ "${G_BAD[$c]:-0}" -eq 0 ] || echo "WARNING: sanbao on PostgreSQL at $c clients: ${G_BAD[$c]} failed requests"
  [ "${P_FAIL[$c]:-0}" -eq 0 ] || echo "WARNING: PostgreSQL at $c clients: ${P_FAIL[$c]} failed transactions"
done

# --- reconciliation of a large database ----------------------------------------------------------
if [ "$ENTRIES" -gt 0 ]; then
  say "generating a database with $ENTRIES stock ledger entries"
  "$SANBAO" generate --db "$WORK/big.redb" --entries "$ENTRIES" >&2
  ls -l "$WORK/big.redb" | awk '{ printf "database file: %.0f MiB\n", $5 / 1048576 }' >&2
  times=()
  for i in 1 2 3; do
    start=$(date +%s%N)
    "$SANBAO" check --db "$WORK/big.redb" >"$WORK/check.$i.out" || { cat "$WORK/check.$i.out" >&2; die "check failed"; }
    end=$(date +%s%N)
    times+=("$(awk -v n=$((end - start)) 'BEGIN { printf "%.2f", n / 1e9 }')")
  done
  checked=$(head -1 "$WORK/check.1.out")
  best=$(printf '%s\n' "${times[@]}" | sort -n | head -1)

  say "timing list reads on the large database"
  RUST_LOG=warn "$SANBAO" serve --demo --db "$WORK/big.redb" --listen "127.0.0.1:$BIG_PORT" \
    >"$WORK/big-server.log" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$BIG_PORT/healthz" "$WORK/big-server.log"
  read_ms() {
    local url=$1 i
    for i in 1 2 3 4 5; do
      curl -sf -o /dev/null -w '%{time_total}\n' -H 'Authorization: Bearer demo-finance' "$url"
    done | sort -n | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }'
  }
  ledger_ms=$(read_ms "http://127.0.0.1:$BIG_PORT/api/v1/stock/ledger?limit=500")
  ledger_desc_ms=$(read_ms "http://127.0.0.1:$BIG_PORT/api/v1/stock/ledger?limit=500&order=desc")
  accounts_ms=$(read_ms "http://127.0.0.1:$BIG_PORT/api/v1/accounts")
  stop_server

  echo
  echo "Reconciliation (sanbao check) of $ENTRIES stock ledger entries: ${times[0]} s, ${times[1]} s, ${times[2]} s (best $best s)"
  echo "  $checked"
  echo "On that database (median of 5): GET /api/v1/stock/ledger?limit=500 ${ledger_ms} ms," \
    "&order=desc ${ledger_desc_ms} ms, GET /api/v1/accounts ${accounts_ms} ms"
fi
