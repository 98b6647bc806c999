import { RivetError } from '../../errors/index.js'
import { RowReader } from '../row-reader.js'
import type { SchemaColumn, SchemaRepo, StateDb } from '../state-store.js'

/** `columns_json` is `[{"name": …, "type": …}]`, the upstream Rivet layout. */
function parseColumns(json: string, exportName: string): SchemaColumn[] {
  const bad = (): RivetError =>
    new RivetError('RIVET_STATE_READ', `state: export_schema.columns_json of '${exportName}' is not a column list`, {
      hint: `reset the stored snapshot with \`rivet state reset -e ${exportName}\` if the file was edited by hand`,
    })
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (err) {
    throw new RivetError('RIVET_STATE_READ', `state: export_schema.columns_json of '${exportName}' is not JSON`, { cause: err })
  }
  if (!Array.isArray(value)) throw bad()
  return value.map((item: unknown): SchemaColumn => {
    if (item === null || typeof item !== 'object' || !('name' in item) || !('type' in item)) throw bad()
    const { name, type } = item
    if (typeof name !== 'string' || typeof type !== 'string') throw bad()
    return { name, type }
  })
}

/** Column snapshot per export for drift detection (`export_schema`, I08). */
export class SqlSchemaRepo implements SchemaRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  async get(exportName: string): Promise<{ columns: SchemaColumn[]; updatedAt: string } | undefined> {
    const rows = await this.#db.all(
      'SELECT columns_json, updated_at FROM export_schema WHERE export_name = ?',
      [exportName],
      (row) => {
        const r = new RowReader(row, 'export_schema')
        return { columns: parseColumns(r.str('columns_json'), exportName), updatedAt: r.str('updated_at') }
      },
    )
    return rows[0]
  }

  async put(exportName: string, columns: readonly SchemaColumn[], at: string): Promise<void> {
    const json = JSON.stringify(columns.map((c) => ({ name: c.name, type: c.type })))
    await this.#db.run(
      `INSERT INTO export_schema (export_name, columns_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (export_name) DO UPDATE SET columns_json = excluded.columns_json, updated_at = excluded.updated_at`,
      [exportName, json, at],
    )
  }
}
