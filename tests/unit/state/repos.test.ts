import { describe } from 'vitest'
import { defineRepoScenarios } from './repo-scenarios.js'
import { SQLITE_FILE_BACKEND } from './sqlite-backend.js'

describe.each([SQLITE_FILE_BACKEND])('$name state repos', (backend) => {
  defineRepoScenarios(backend)
})
