import { type EngineInfo, engineInfo, initEngine } from './backend.ts';
import { CHECKS } from './kernels/index.ts';
import type { tf } from './tf.ts';

export interface KernelReport {
  kernel: string;
  case: string;
  maxRelErr: number;
  ok: boolean;
  error?: string;
}

export interface DoctorReport extends EngineInfo {
  kernels: KernelReport[];
  ok: boolean;
}

/** max |a - b| / max |b|: the error relative to the reference's scale. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= diff)) diff = d; // NaN propagates
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

async function values(f: () => tf.Tensor): Promise<Float32Array> {
  const t = f();
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Runs every kernel self-check on `backend` (default wasm) against the cpu backend. */
export async function runDoctor(backend = 'wasm'): Promise<DoctorReport> {
  const reports: KernelReport[] = [];
  for (const c of CHECKS) {
    try {
      await initEngine(backend);
      const got = await values(c.run);
      await initEngine('cpu');
      const want = await values(c.reference ?? c.run);
      const err = maxRelErr(got, want);
      reports.push({ kernel: c.kernel, case: c.case, maxRelErr: err, ok: err <= (c.tolerance ?? 1e-5) });
    } catch (e) {
      reports.push({
        kernel: c.kernel,
        case: c.case,
        maxRelErr: Number.NaN,
        ok: false,
        error: (e as Error).message,
      });
    }
  }
  await initEngine(backend);
  return { ...engineInfo(), kernels: reports, ok: reports.every((r) => r.ok) };
}
