import { describe, inject } from 'vitest'
import { defineRepoScenarios } from '../../unit/state/repo-scenarios.js'
import { SQLITE_FILE_BACKEND } from '../../unit/state/sqlite-backend.js'
import { pgBackend } from './pg-backend.js'

const pgUrl = inject('pgUrl')

describe.skipIf(pgUrl === null)('postgres state repos', () => {
  describe.each([pgBackend(pgUrl ?? '')])('$name', (backend) => {
    defineRepoScenarios(backend)
  })
})

// The same scenarios on SQLite, so a backend difference shows up side by side.
describe.each([SQLITE_FILE_BACKEND])('$name state repos', (backend) => {
  defineRepoScenarios(backend)
})
