/**
 * `npm run bench -- NAME [options]`: runs bench/NAME.ts, which prints a table of medians
 * and ratios measured side by side in one run.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'timing.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME   (NAME: ${names.join(', ')})\n`);
  process.exit(name ? 1 : 0);
}
process.argv.splice(2, 1);
await import(`./${name}.ts`);
