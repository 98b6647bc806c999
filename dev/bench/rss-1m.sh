#!/usr/bin/env bash
# Peak RSS of a 1M-row PostgreSQL export (issue: "1M-row export stays under 256 MB").
# Usage: dev/bench/rss-1m.sh [rows] [formats] [profiles]   (needs PostgreSQL on 127.0.0.1 and `npm run build`)
# Prints one line per format: rows, wall seconds, peak RSS MB (from /usr/bin/time -v).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-1000000}"
FORMATS="${2:-csv parquet}"
PROFILES="${3:-balanced fast}"   # balanced is the default profile
PG_URL="${RIVET_BENCH_PG_URL:-postgresql://postgres@127.0.0.1:5432/rivet_test}"
TABLE="bench_rss_${ROWS}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

psql "$PG_URL" -qc "DROP TABLE IF EXISTS $TABLE; CREATE TABLE $TABLE AS
  SELECT g::bigint AS id, (g % 1000)::int AS customer_id, 'SKU-' || (g % 5000) AS sku,
         round((random() * 1000)::numeric, 2)::numeric(12,2) AS amount, 'EUR'::char(3) AS currency,
         timestamp '2025-01-01' + (g || ' seconds')::interval AS created_at,
         timestamptz '2025-01-01 00:00:00+00' + (g || ' seconds')::interval AS updated_at,
         CASE WHEN g % 5 = 0 THEN NULL ELSE md5(g::text) END AS note, g % 2 = 0 AS paid,
         md5(g::text)::uuid AS ref
  FROM generate_series(1, $ROWS) g"

for profile in $PROFILES; do
for fmt in $FORMATS; do
  cat > "$work/rivet.yaml" <<YAML
source:
  type: postgres
  url: "$PG_URL"
  tuning: { profile: $profile }
exports:
  - name: bench
    table: $TABLE
    format: $fmt
    destination: { type: local, path: $work/out-$fmt }
YAML
  /usr/bin/time -v -o "$work/time.txt" node "$PWD/bin/rivet.js" run -c "$work/rivet.yaml" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt"; exit 1; }
  rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$work/time.txt")
  wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$work/time.txt")
  echo "profile=$profile format=$fmt rows=$ROWS wall=$wall peak_rss_mb=$((rss_kb / 1024))"
done
done
psql "$PG_URL" -qc "DROP TABLE IF EXISTS $TABLE"
