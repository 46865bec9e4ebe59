/**
 * The generated models of bench/onnx.ts, kept in a gitignored cache folder (.cache/onnx)
 * and made on first use: the full ResNet-18 by scripts/export_onnx_fixtures.py (Debian's
 * python3-torch; undefined with a message where /usr/bin/python3 has no torch), the
 * ~100 MB Gemm model by our own encoder (big_model.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bigGemmModel } from './big_model.ts';

export const CACHE = '.cache/onnx';
const PY = '/usr/bin/python3';
const say = (s: string) => process.stderr.write(`${s}\n`);

/** .cache/onnx/resnet18_full.onnx, exported on first use; undefined (and why, on stderr) without torch. */
export function fullResnet18(): string | undefined {
  const file = path.join(CACHE, 'resnet18_full.onnx');
  if (existsSync(file)) return file;
  try {
    execFileSync(PY, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    say(
      `ResNet-18 skipped: ${PY} cannot import torch (apt-get install python3-torch), so ${file} cannot be made`,
    );
    return undefined;
  }
  mkdirSync(CACHE, { recursive: true });
  say(`first run: exporting the full ResNet-18 (random weights, ~45 MB) to ${file} with PyTorch …`);
  execFileSync(PY, ['scripts/export_onnx_fixtures.py', CACHE, '--only=resnet18_full'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return file;
}

/** .cache/onnx/big_gemm_<mb>mb.onnx (generated on first use) and its size in bytes. */
export function bigModel(mb: number): { file: string; bytes: number } {
  const file = path.join(CACHE, `big_gemm_${mb}mb.onnx`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    say(`first run: writing a ${mb} MB Gemm model to ${file} …`);
    writeFileSync(file, bigGemmModel(mb).bytes);
  }
  return { file, bytes: statSync(file).size };
}
