import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'

/**
 * An embedded PostgreSQL (PGlite, WebAssembly) served on a free loopback port, so the
 * demo needs no database server. Seeded with a few tables of mixed types.
 */
export interface DemoDatabase {
  readonly url: string
  stop(): Promise<void>
}

const SEED_SQL = `
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TABLE customers (
  id          integer PRIMARY KEY,
  name        text NOT NULL,
  email       varchar(120),
  country     char(2),
  active      boolean NOT NULL,
  balance     numeric(12,2),
  created_at  timestamptz NOT NULL
);
INSERT INTO customers
SELECT g, 'Customer ' || g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'user' || g || '@example.com' END,
       (ARRAY['DE','FR','US','JP','BR'])[1 + g % 5], g % 3 <> 0, round((g * 37.11)::numeric % 10000, 2),
       timestamptz '2024-01-01 00:00:00+00' + (g || ' hours')::interval
FROM generate_series(1, 500) AS g;
CREATE TABLE orders (
  id           bigint PRIMARY KEY,
  customer_id  integer NOT NULL REFERENCES customers(id),
  amount       numeric(10,2) NOT NULL,
  status       order_status NOT NULL,
  tags         text[],
  details      jsonb,
  reference    uuid NOT NULL,
  placed_at    timestamp NOT NULL,
  shipped_on   date
);
INSERT INTO orders
SELECT g, 1 + g % 500, round((g % 997) * 1.37, 2), (ARRAY['new','paid','shipped','cancelled'])[1 + g % 4]::order_status,
       CASE WHEN g % 7 = 0 THEN NULL ELSE ARRAY['web', CASE WHEN g % 2 = 0 THEN 'promo' ELSE NULL END] END,
       jsonb_build_object('items', 1 + g % 5, 'gift', g % 11 = 0),
       md5(g::text)::uuid, timestamp '2025-06-01 08:00:00' + (g || ' minutes')::interval,
       CASE WHEN g % 4 = 2 THEN date '2025-06-03' + (g % 30) ELSE NULL END
FROM generate_series(1, 20000) AS g;
`

export async function startDemoDatabase(): Promise<DemoDatabase> {
  const db = await PGlite.create()
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 4 })
  await server.start()
  const url = `postgresql://postgres@${server.getServerConn()}/postgres`
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(SEED_SQL)
  } finally {
    await client.end()
  }
  return {
    url,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}
