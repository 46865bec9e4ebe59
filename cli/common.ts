/** Options and output helpers shared by every command. */
import type { Command } from 'commander';
import { DataError } from '../src/data/errors.ts';
import { initEngine } from '../src/engine/backend.ts';
import { GlassboxError } from '../src/messages.ts';

export interface GlobalOptions {
  backend?: string;
  json?: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--backend <name>', 'tensor backend: wasm (default, fast) or cpu; env GLASSBOX_BACKEND')
    .option('--json', 'print machine-readable JSON on stdout');
}

export async function startEngine(opts: GlobalOptions): Promise<string> {
  return initEngine(opts.backend);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Pads columns of a text table. */
export function table(rows: (string | number)[][], header: string[]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const fmt = (r: string[]) =>
    r
      .map((v, c) => v.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...all.slice(1).map(fmt)].join('\n');
}

/** Known input errors become one line on stderr and exit code 1; anything else is a bug. */
export function reportError(e: unknown): never {
  if (e instanceof GlassboxError || e instanceof DataError) {
    process.stderr.write(`glassbox: ${e.message}\n`);
    process.exit(1);
  }
  const err = e as Error;
  process.stderr.write(`glassbox: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.GLASSBOX_DEBUG) process.stderr.write(`${err?.stack}\n`);
  else process.stderr.write('(set GLASSBOX_DEBUG=1 for the stack trace)\n');
  process.exit(2);
}

/** Wraps a command action so that errors are reported as one line. */
export function action<A extends unknown[]>(f: (...args: A) => Promise<void> | void) {
  return async (...args: A) => {
    try {
      await f(...args);
    } catch (e) {
      reportError(e);
    }
  };
}
