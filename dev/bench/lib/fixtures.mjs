// What the fixture tables hold: row counts per scale and the column types a CSV reader needs.
// Content is derived from the row number only, so every seed at one scale is identical.

/** Bump when a generator changes, so existing fixtures are re-seeded. */
export const FIXTURE_VERSION = 1

export function rowCounts(scale) {
  return {
    orders: Math.max(1, Math.round(scale * 1_000_000)),
    orders_5m: Math.max(1, Math.round(scale * 5_000_000)),
    content_items: Math.max(1, Math.round(scale * 100_000)),
    events_sparse: Math.max(2, Math.round(scale * 500_000)),
  }
}

/** `orders` columns with DuckDB types, for the psql + DuckDB Parquet baseline. */
export const ORDERS_DUCKDB_COLUMNS = {
  id: 'BIGINT',
  customer_id: 'INTEGER',
  sku: 'VARCHAR',
  amount: 'DECIMAL(12,2)',
  currency: 'VARCHAR',
  created_at: 'TIMESTAMP',
  updated_at: 'TIMESTAMPTZ',
  note: 'VARCHAR',
  paid: 'BOOLEAN',
  ref: 'UUID',
}

/** Sparse keys: 80% spread evenly over 0..10^12, 20% in one dense run starting at 5·10^11. */
export function sparseLayout(rows) {
  const spread = Math.round(rows * 0.8)
  const cluster = rows - spread
  return { spread, cluster, step: Math.floor(1e12 / spread), clusterStart: 500_000_000_001 }
}
