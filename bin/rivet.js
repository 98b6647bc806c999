#!/usr/bin/env node
// Thin launcher: all behaviour lives in the bundled CLI (`npm run build` writes dist/cli/).
import module from 'node:module'

// Node >= 22.1 caches the compiled code of rivet and its dependencies on disk (os.tmpdir()/
// node-compile-cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off). It must be on before the
// CLI is imported, hence the dynamic import. Node 20 has no such cache and skips this.
module.enableCompileCache?.()
const { main } = await import('../dist/cli/main.js')

process.exitCode = await main(process.argv)
