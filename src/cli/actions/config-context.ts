import { resolve } from 'node:path'
import { loadConfig, type LoadedConfig } from '../../config/index.js'
import { RivetError } from '../../errors/index.js'
import { logger } from '../../log/index.js'
import { openStateStore, type StateStore } from '../../state/index.js'
import type { CliContext } from '../context.js'

/** Loads the config (for its directory and export names) and opens its state store. */
export async function openConfigState(ctx: CliContext, configPath: string): Promise<{ loaded: LoadedConfig; state: StateStore }> {
  const loaded = await loadConfig(resolve(ctx.cwd, configPath), { env: ctx.env })
  for (const w of loaded.warnings) logger('rivet::config').debug(w)
  const state = await openStateStore({ configDir: loaded.dir, env: ctx.env })
  return { loaded, state }
}

/** A10-style refusal for an export name the config does not define. */
export function assertKnownExport(loaded: LoadedConfig, name: string): void {
  const known = loaded.config.exports.map((e) => e.name)
  if (known.includes(name)) return
  throw new RivetError('RIVET_EXPORT_NOT_FOUND', `export '${name}' not found in config.`, {
    hint: `Known exports: ${known.join(', ')}. Check the spelling, or run \`rivet state show -c <config>\` to see what has state`,
  })
}
