/** The demo's rivet.yaml: one Parquet and one CSV export from the embedded database. */
export function demoConfigYaml(url: string): string {
  return `# Written by \`rivet demo\`. The embedded database is gone once the demo ends;
# point \`source.url\` (better: \`url_env\`) at a real server to reuse this file.
source:
  type: postgres
  url: "${url}"
  tuning:
    profile: fast

exports:
  - name: customers
    table: customers
    format: parquet
    compression: zstd
    destination:
      type: local
      path: ./output/customers

  - name: orders
    query: >-
      SELECT id, customer_id, amount, status, array_to_string(tags, '|') AS tags, details, reference, placed_at, shipped_on
      FROM orders ORDER BY id
    format: csv
    destination:
      type: local
      path: ./output/orders
`
}
