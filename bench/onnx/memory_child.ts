/**
 * Run by bench/onnx.ts in a fresh process: `tsx bench/onnx/memory_child.ts MODEL.onnx`
 * loads the model once and prints, as JSON, the resident memory before the load, its peak
 * during the load and after it (bytes), from /proc (the peak counter is reset first where
 * the kernel allows it; else the process's lifetime peak, which can only overstate).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { initEngine } from '../../src/engine/backend.ts';
import { loadOnnxModel } from '../../src/model/onnx/model.ts';

const file = process.argv[2];
const status = (key: string) => {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
};

await initEngine('wasm');
let resetPeak = true;
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch {
  resetPeak = false;
}
const before = status('VmRSS');
const t0 = performance.now();
const model = loadOnnxModel(file);
const ms = performance.now() - t0;
const peak = resetPeak ? status('VmHWM') : process.resourceUsage().maxRSS * 1024;
const after = status('VmRSS');
model.dispose();
process.stdout.write(`${JSON.stringify({ before, peak, after, ms, resetPeak })}\n`);
