/**
 * What bench/fuzz_onnx.ts feeds its inputs to, and what counts as a finding: the ONNX
 * loader (parse, structural checks, plan with constant folding, upload of the weights),
 * i.e. loadOnnxModel without the file system. Every failure must be a GlassboxError
 * (OnnxImportError, DataError) with a message; anything else (TypeError, RangeError …), a
 * tensor left behind, or a hang (caught by the fuzzer's watchdog) is a finding.
 */
import { tf } from '../../src/engine/tf.ts';
import { GlassboxError } from '../../src/messages.ts';
import { OnnxModel } from '../../src/model/onnx/model.ts';
import { parseOnnx } from '../../src/model/onnx/parse.ts';

export interface Outcome {
  /** 'ok', 'error' (a clear GlassboxError), or a finding: 'crash' or 'leak' */
  kind: 'ok' | 'error' | 'crash' | 'leak';
  /** the error's name and first message line */
  message?: string;
  /** where it was thrown: the first stack frame in our sources */
  where?: string;
}

export function loadBytes(bytes: Uint8Array): void {
  const model = new OnnxModel(parseOnnx(bytes, 'fuzz.onnx'), { name: 'fuzz', hash: '' });
  model.dispose();
}

export function runTarget(bytes: Uint8Array): Outcome {
  const before = tf.memory().numTensors;
  let out: Outcome = { kind: 'ok' };
  try {
    loadBytes(bytes);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const message = `${err.name}: ${err.message.split('\n')[0]}`;
    const where = err.stack
      ?.split('\n')
      .find((l) => l.includes('/src/'))
      ?.trim();
    out =
      e instanceof GlassboxError && err.message.length > 0
        ? { kind: 'error', message }
        : { kind: 'crash', message, where };
  }
  const left = tf.memory().numTensors - before;
  if (left !== 0 && out.kind !== 'crash') {
    out = {
      kind: 'leak',
      message: `${left} tensor(s) left behind after: ${out.message ?? 'a successful load'}`,
    };
  }
  return out;
}
