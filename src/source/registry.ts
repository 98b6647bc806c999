import type { ResolvedSource } from '../plan/run-plan.js'
import type { Source } from './source.js'

/** Opens a source connection; drivers are imported lazily so `--help` never loads them. */
export async function createSource(source: ResolvedSource): Promise<Source> {
  switch (source.engine) {
    case 'postgres':
      return (await import('./postgres/postgres-source.js')).PostgresSource.connect(source)
    case 'mysql':
      return (await import('./mysql/mysql-source.js')).MysqlSource.connect(source)
    case 'mssql':
      return (await import('./mssql/mssql-source.js')).MssqlSource.connect(source)
  }
}
