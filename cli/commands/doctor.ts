import type { Command } from 'commander';
import { runDoctor } from '../../src/engine/doctor.ts';
import { action, addCommonOptions, type GlobalOptions, printJson, table } from '../common.ts';

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('doctor')
      .description(
        'Check the engine: backend, SIMD and threads, and a self-check of every kernel Glassbox registers ' +
          'against the cpu backend. Exits 1 when a check fails.',
      ),
  ).action(
    action(async (opts: GlobalOptions) => {
      const r = await runDoctor(opts.backend ?? process.env.GLASSBOX_BACKEND ?? 'wasm');
      if (opts.json) printJson(r);
      else {
        process.stdout.write(
          `backend ${r.backend}  simd ${r.simd ? 'yes' : 'no'}  threads ${r.threads ? 'yes' : 'no'}  tfjs ${r.tfjsVersion}\n\n`,
        );
        process.stdout.write(
          `${table(
            r.kernels.map((k) => [
              k.ok ? 'ok' : 'FAIL',
              k.kernel,
              k.case,
              k.error ?? k.maxRelErr.toExponential(2),
            ]),
            ['', 'kernel', 'case', 'max rel err'],
          )}\n`,
        );
        process.stdout.write(`\n${r.ok ? 'all kernels ok' : 'some kernels FAILED'}\n`);
      }
      if (!r.ok) process.exitCode = 1;
    }),
  );
}
