#!/usr/bin/env node
// Thin launcher: all behaviour lives in the compiled CLI (`npm run build` writes dist/).
import { main } from '../dist/src/cli/main.js'

process.exitCode = await main(process.argv)
