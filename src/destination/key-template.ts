/**
 * Destination path templates (C32): `{date}` (UTC YYYY-MM-DD), `{export}`, `{table}` (the
 * table of a `table:` export, else the export name), `{run_id}` (only when given, for
 * `rivet validate --run-id`). `{partition}` is left for partition expansion. Pure.
 */
export interface TemplateContext {
  readonly date: Date
  readonly exportName: string
  readonly tableName: string | undefined
  readonly runId?: string
}

export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10)
}

export function expandTemplate(text: string, ctx: TemplateContext): string {
  let out = text
    .replaceAll('{date}', utcDate(ctx.date))
    .replaceAll('{export}', ctx.exportName)
    .replaceAll('{table}', ctx.tableName ?? ctx.exportName)
  if (ctx.runId !== undefined) out = out.replaceAll('{run_id}', ctx.runId)
  return out
}
