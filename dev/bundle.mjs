// Bundles the compiled CLI (dist/src, written by tsc) into dist/cli/: one ESM entry plus
// lazily loaded chunks, so `rivet` starts without resolving and compiling ~450 files (#8).
// Dependencies that load files next to their own code (a native addon, wasm) or that only
// some runs need stay external and are imported from node_modules as before.
import { readFileSync, rmSync } from 'node:fs'
import { build } from 'esbuild'

// pg's lib/stream.js asks at load time whether it runs in Cloudflare Workers; on Node 20 (no
// `navigator`) the probe constructs a fetch `Response`, which loads Node's undici: ~40 ms of
// start-up for every run. rivet never runs in Workers, so the bundle answers no. The build
// fails if pg's code no longer has that shape, so an upgrade cannot drop the patch silently.
const pgNodeStreams = {
  name: 'pg-node-streams',
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
      const probe = 'if (isCloudflareRuntime()) {'
      if (!source.includes(probe)) throw new Error(`dev/bundle.mjs: ${args.path} no longer calls isCloudflareRuntime(); review the pg-node-streams patch`)
      return { contents: source.replace(probe, 'if (false) { // rivet: never Cloudflare Workers (dev/bundle.mjs)'), loader: 'js' }
    })
  },
}

const EXTERNAL = [
  'better-sqlite3', // native addon
  'parquet-wasm', // reads its .wasm next to its JS
  'pg-native', // optional peer of pg, not installed
  '@electric-sql/*', // PGlite: wasm + data files (demo only)
  '@aws-sdk/*', '@google-cloud/*', '@azure/*', // cloud destinations, loaded on use
  'mysql2', 'tedious', // other engines, loaded on use
]

rmSync('dist/cli', { recursive: true, force: true })
await build({
  entryPoints: ['dist/src/cli/main.js'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true, // every `await import()` stays a lazily loaded chunk
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: EXTERNAL,
  sourcemap: true,
  legalComments: 'inline',
  logLevel: 'warning',
  plugins: [pgNodeStreams],
  // CommonJS dependencies (pg, pino, yaml…) call require() for Node built-ins.
  banner: { js: "import { createRequire as __rivetRequire } from 'node:module'; const require = __rivetRequire(import.meta.url);" },
})
