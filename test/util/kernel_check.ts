/** Runs `glassbox doctor` self-checks inside tests: a kernel on wasm against the cpu backend. */
import { initEngine } from '../../src/engine/backend.ts';
import { maxRelErr } from '../../src/engine/doctor.ts';
import type { KernelCheck } from '../../src/engine/kernels/check.ts';

/** The check's relative error (run on wasm vs its reference on cpu); leaves wasm selected. */
export async function checkError(c: KernelCheck): Promise<number> {
  await initEngine('wasm');
  const got = c.run();
  const g = got.dataSync().slice();
  got.dispose();
  await initEngine('cpu');
  const want = (c.reference ?? c.run)();
  const w = want.dataSync().slice();
  want.dispose();
  await initEngine('wasm');
  return maxRelErr(g, w);
}
