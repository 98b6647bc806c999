// MariaDB fixtures, generated server-side from the SEQUENCE engine (seq_1_to_N). Same rows as
// PostgreSQL, with MariaDB types: decimal, datetime(6), json, blob, uuid as char(36), no int[].
import { FIXTURE_VERSION, rowCounts, sparseLayout } from './fixtures.mjs'

const ORDERS = (n) => ({
  columns: `id bigint NOT NULL PRIMARY KEY, customer_id int NOT NULL, sku varchar(16) NOT NULL,
    amount decimal(12,2) NOT NULL, currency char(3) NOT NULL, created_at datetime NOT NULL,
    updated_at datetime(6) NOT NULL, note text NULL, paid boolean NOT NULL, ref char(36) NOT NULL`,
  insert: `SELECT seq, (seq * 7) % 100000, CONCAT('SKU-', LPAD(seq % 50000, 6, '0')),
    ((seq * 7919) % 1000000) / 100, ELT(seq % 3 + 1, 'EUR', 'USD', 'GBP'),
    TIMESTAMP'2025-01-01 00:00:00' + INTERVAL seq SECOND,
    TIMESTAMP'2025-01-01 00:00:00' + INTERVAL seq SECOND + INTERVAL (seq % 1000000) MICROSECOND,
    IF(seq % 5 = 0, NULL, CONCAT('note ', m, ' ok')), seq % 2 = 0,
    CONCAT_WS('-', SUBSTR(m, 1, 8), SUBSTR(m, 9, 4), SUBSTR(m, 13, 4), SUBSTR(m, 17, 4), SUBSTR(m, 21, 12))
    FROM (SELECT seq, MD5(seq) AS m FROM seq_1_to_${n}) s`,
})

const CONTENT = (n) => ({
  columns: `id bigint NOT NULL PRIMARY KEY, title text NOT NULL, body text NOT NULL, summary text NOT NULL,
    tags varchar(100) NOT NULL, attrs json NOT NULL, payload blob NOT NULL`,
  insert: `SELECT seq, CONCAT('Item ', seq, ' ', MD5(seq)), REPEAT(CONCAT(MD5(seq), MD5(seq * 31), ' '), 30),
    REPEAT(CONCAT(MD5(seq * 17), ' '), 16), CONCAT('tag', seq % 50, ',tag', seq % 7, ',tag', seq % 13),
    JSON_OBJECT('id', seq, 'kind', CONCAT('k', seq % 10), 'flags', JSON_ARRAY(seq % 2 = 0, seq % 3 = 0), 'text', REPEAT(MD5(seq), 4)),
    UNHEX(REPEAT(MD5(seq), 64)) FROM seq_1_to_${n}`,
})

function sparse(n) {
  const { spread, cluster, step, clusterStart } = sparseLayout(n)
  return {
    columns: 'id bigint NOT NULL PRIMARY KEY, kind int NOT NULL, payload varchar(32) NOT NULL',
    insert: `SELECT id, id % 97, MD5(id) FROM (SELECT seq * ${step} AS id FROM seq_1_to_${spread}
      UNION ALL SELECT ${clusterStart} + seq FROM seq_0_to_${cluster - 1}) s`,
  }
}

async function isCurrent(conn, table, scale) {
  const [meta] = await conn.query('SELECT `rows` FROM rivet_bench_meta WHERE tbl = ? AND scale = ? AND version = ?', [table, String(scale), FIXTURE_VERSION])
  if (meta.length === 0) return false
  const [exists] = await conn.query('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [table])
  if (exists.length === 0) return false
  const [count] = await conn.query(`SELECT COUNT(*) AS n FROM ${table}`)
  return String(count[0].n) === String(meta[0].rows)
}

/** Creates (or keeps, when already seeded at this scale) each named table; returns row counts. */
export async function seedMysql(conn, scale, tables, { force, log }) {
  await conn.query('CREATE TABLE IF NOT EXISTS rivet_bench_meta (tbl varchar(64) PRIMARY KEY, scale varchar(32) NOT NULL, version int NOT NULL, `rows` bigint NOT NULL)')
  const n = rowCounts(scale)
  const specs = { orders: ORDERS(n.orders), content_items: CONTENT(n.content_items), events_sparse: sparse(n.events_sparse) }
  const counts = {}
  for (const table of tables) {
    if (!force && (await isCurrent(conn, table, scale))) {
      log(`mysql: ${table} already seeded at scale ${scale}`)
      const [meta] = await conn.query('SELECT `rows` FROM rivet_bench_meta WHERE tbl = ?', [table])
      counts[table] = Number(meta[0].rows)
      continue
    }
    const started = Date.now()
    const spec = specs[table]
    await conn.query(`DROP TABLE IF EXISTS ${table}`)
    await conn.query(`CREATE TABLE ${table} (${spec.columns}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`)
    await conn.query(`INSERT IGNORE INTO ${table} ${spec.insert}`)
    await conn.query(`ANALYZE TABLE ${table}`)
    const [count] = await conn.query(`SELECT COUNT(*) AS n FROM ${table}`)
    const rows = Number(count[0].n)
    await conn.query('REPLACE INTO rivet_bench_meta VALUES (?, ?, ?, ?)', [table, String(scale), FIXTURE_VERSION, rows])
    counts[table] = rows
    log(`mysql: seeded ${table} (${rows} rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  return counts
}
