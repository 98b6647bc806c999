import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStateStore } from '../../../src/state/index.js'
import type { StateBackend } from './repo-scenarios.js'

/** A fresh `.rivet_state.db` in a temp config dir per test. */
export const SQLITE_FILE_BACKEND: StateBackend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'rivet-state-'))
    const store = await openStateStore({ configDir: dir, env: {} })
    return {
      store,
      cleanup: () => {
        rmSync(dir, { recursive: true, force: true })
        return Promise.resolve()
      },
    }
  },
}
