// PostgreSQL fixtures, generated server-side with generate_series. Each table is built without
// indexes, then gets its primary key, VACUUM (sets hint bits and the visibility map, so the first
// timed reader does not pay for them) and ANALYZE.
import { FIXTURE_VERSION, rowCounts, sparseLayout } from './fixtures.mjs'

const ORDERS_COLUMNS = `id bigint NOT NULL, customer_id int NOT NULL, sku varchar(16) NOT NULL,
  amount numeric(12,2) NOT NULL, currency char(3) NOT NULL, created_at timestamp NOT NULL,
  updated_at timestamptz NOT NULL, note text, paid boolean NOT NULL, ref uuid NOT NULL`

const ORDERS_SELECT = (n) => `SELECT g::bigint, ((g * 7) % 100000)::int, 'SKU-' || lpad((g % 50000)::text, 6, '0'),
  (((g * 7919) % 1000000) / 100.0)::numeric(12,2), (ARRAY['EUR','USD','GBP'])[(g % 3 + 1)::int],
  timestamp '2025-01-01' + g * interval '1 second',
  timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second' + (g % 1000000) * interval '1 microsecond',
  CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || md5(g::text) || ' ok' END, g % 2 = 0, md5(g::text)::uuid
  FROM generate_series(1::bigint, ${n}) g`

const CONTENT_COLUMNS = `id bigint NOT NULL, title text NOT NULL, body text NOT NULL, summary text NOT NULL,
  tags text NOT NULL, attrs jsonb NOT NULL, payload bytea NOT NULL, scores int[] NOT NULL`

const CONTENT_SELECT = (n) => `SELECT g::bigint, 'Item ' || g || ' ' || md5(g::text),
  repeat(md5(g::text) || md5((g * 31)::text) || ' ', 30), repeat(md5((g * 17)::text) || ' ', 16),
  'tag' || (g % 50) || ',tag' || (g % 7) || ',tag' || (g % 13),
  jsonb_build_object('id', g, 'kind', 'k' || (g % 10), 'flags', jsonb_build_array(g % 2 = 0, g % 3 = 0), 'text', repeat(md5(g::text), 4)),
  decode(repeat(md5(g::text), 64), 'hex'), ARRAY[g % 100, g % 1000, g % 7, g % 11, g % 13]::int[]
  FROM generate_series(1::bigint, ${n}) g`

function sparseSelect(n) {
  const { spread, cluster, step, clusterStart } = sparseLayout(n)
  return `SELECT DISTINCT ON (id) id, (id % 97)::int, md5(id::text) FROM (
    SELECT g::bigint * ${step} AS id FROM generate_series(1, ${spread}) g
    UNION ALL SELECT ${clusterStart}::bigint + g FROM generate_series(0, ${cluster - 1}) g) s`
}

function tableSpecs(scale) {
  const n = rowCounts(scale)
  return {
    orders: { columns: ORDERS_COLUMNS, select: ORDERS_SELECT(n.orders) },
    orders_5m: { columns: ORDERS_COLUMNS, select: ORDERS_SELECT(n.orders_5m) },
    content_items: { columns: CONTENT_COLUMNS, select: CONTENT_SELECT(n.content_items) },
    events_sparse: { columns: 'id bigint NOT NULL, kind int NOT NULL, payload text NOT NULL', select: sparseSelect(n.events_sparse) },
  }
}

async function isCurrent(client, table, scale) {
  const meta = await client.query('SELECT rows FROM rivet_bench_meta WHERE tbl = $1 AND scale = $2 AND version = $3', [table, String(scale), FIXTURE_VERSION])
  if (meta.rowCount === 0) return false
  const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [table])
  if (!exists.rows[0].ok) return false
  const count = await client.query(`SELECT count(*)::bigint AS n FROM ${table}`)
  return String(count.rows[0].n) === String(meta.rows[0].rows)
}

/** Creates (or keeps, when already seeded at this scale) each named table; returns row counts. */
export async function seedPg(client, scale, tables, { force, log }) {
  await client.query('CREATE TABLE IF NOT EXISTS rivet_bench_meta (tbl text PRIMARY KEY, scale text NOT NULL, version int NOT NULL, rows bigint NOT NULL)')
  const specs = tableSpecs(scale)
  const counts = {}
  for (const table of tables) {
    if (!force && (await isCurrent(client, table, scale))) {
      log(`pg: ${table} already seeded at scale ${scale}`)
      counts[table] = Number((await client.query('SELECT rows FROM rivet_bench_meta WHERE tbl = $1', [table])).rows[0].rows)
      continue
    }
    const started = Date.now()
    const spec = specs[table]
    await client.query(`DROP TABLE IF EXISTS ${table}`)
    await client.query(`CREATE TABLE ${table} (${spec.columns})`)
    await client.query(`INSERT INTO ${table} ${spec.select}`)
    await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (id)`)
    await client.query(`VACUUM (ANALYZE) ${table}`)
    const rows = Number((await client.query(`SELECT count(*)::bigint AS n FROM ${table}`)).rows[0].n)
    await client.query(
      `INSERT INTO rivet_bench_meta VALUES ($1, $2, $3, $4) ON CONFLICT (tbl) DO UPDATE SET scale = EXCLUDED.scale, version = EXCLUDED.version, rows = EXCLUDED.rows`,
      [table, String(scale), FIXTURE_VERSION, rows],
    )
    counts[table] = rows
    log(`pg: seeded ${table} (${rows} rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  return counts
}
