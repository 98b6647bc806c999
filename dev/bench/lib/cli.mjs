// Entry for dev/bench/run: runs main(), printing a failure as one message with a non-zero exit.
import { main } from './main.mjs'

try {
  await main(process.argv.slice(2))
} catch (err) {
  console.error(`dev/bench/run: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 2
}
