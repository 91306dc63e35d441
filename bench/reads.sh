#!/usr/bin/env bash
# Times every list page and every report the pages ask for, against a server already
# running (on the large benchmark database, in demo mode so the demo tokens answer):
#
#   bash bench/reads.sh http://127.0.0.1:18080
#
# The requests come from bench/reads.tsv (kind `list` or `report`, token, path under
# /api/v1). Each is asked once to warm up, then BENCH_READS_RUNS times (default 5); the
# median of `curl -w '%{time_total}'` is compared with its target: 5 ms for a list page
# or a single record, 1 s for a report. Any answer other than 2xx fails its line. In a
# path, {today}, {month_start} and {next_season} stand for today's date, the first of its
# month and the first day of the next quarter (China Standard Time, as the pages fill
# their date fields).
# Prints a Markdown table and ends with exactly one line: `READS all-met` or
# `READS missed N`.
set -euo pipefail

BASE=${1:?usage: bench/reads.sh BASE_URL}
BASE=${BASE%/}
RUNS=${BENCH_READS_RUNS:-5}
TABLE=${BENCH_READS_TABLE:-$(dirname "$0")/reads.tsv}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

today=$(TZ=Asia/Shanghai date +%F)
month_start=${today:0:8}01
year=${today:0:4}
quarter_month=$(( (10#${today:5:2} - 1) / 3 * 3 + 4 ))
if [ "$quarter_month" -gt 12 ]; then year=$((year + 1)); quarter_month=1; fi
next_season=$(printf '%s-%02d-01' "$year" "$quarter_month")
missed=0
echo "| kind | path | median ms | target | met |"
echo "|---|---|---:|---:|---|"
while IFS=$'\t' read -r kind token path; do
  case "$kind" in '' | '#'*) continue ;; esac
  case "$kind" in
    list) target=5 ;;
    report) target=1000 ;;
    *) echo "bench/reads.tsv: unknown kind '$kind'" >&2; exit 2 ;;
  esac
  path=${path//\{today\}/$today}
  path=${path//\{month_start\}/$month_start}
  path=${path//\{next_season\}/$next_season}
  url="$BASE/api/v1$path"
  times=()
  failed=
  for i in $(seq 0 "$RUNS"); do
    answer=$(curl -sS -o "$out" -w '%{http_code} %{time_total}' -H "authorization: Bearer $token" "$url" || echo "000 0")
    code=${answer%% *}
    if [ "${code:0:1}" != 2 ]; then
      failed=$code
      break
    fi
    [ "$i" -eq 0 ] || times+=("${answer#* }")
  done
  if [ -n "$failed" ]; then
    missed=$((missed + 1))
    echo "| $kind | \`$path\` | HTTP $failed | $target | no |"
    continue
  fi
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)] * 1000}')
  if awk -v m="$median" -v t="$target" 'BEGIN {exit !(m <= t)}'; then
    met=yes
  else
    met=no
    missed=$((missed + 1))
  fi
  echo "| $kind | \`$path\` | $median | $target | $met |"
done < "$TABLE"

if [ "$missed" -eq 0 ]; then
  echo "READS all-met"
else
  echo "READS missed $missed"
fi
