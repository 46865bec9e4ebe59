/**
 * Regression tests from fuzzing the ONNX loader (npm run bench -- fuzz_onnx): each input
 * it found (test/fixtures/onnx/fuzz/*.onnx) must load, or fail with one clear
 * GlassboxError (OnnxImportError, DataError), never another error, leave no tensor behind
 * either way, and leave the engine working (two inputs once made the wasm backend write out
 * of bounds: a convolution with dilation 2^31-1, a max pool with a negative kernel).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { initEngine } from '../src/engine/backend.ts';
import { tf } from '../src/engine/tf.ts';
import { GlassboxError } from '../src/messages.ts';
import { OnnxModel } from '../src/model/onnx/model.ts';
import { parseOnnx } from '../src/model/onnx/parse.ts';

const DIR = 'test/fixtures/onnx/fuzz';

before(async () => {
  await initEngine();
});

describe('inputs found by fuzzing the ONNX loader', () => {
  for (const name of readdirSync(DIR)
    .filter((f) => f.endsWith('.onnx'))
    .sort()) {
    it(`${name}: loads or fails with a clear error, leaking nothing`, () => {
      const bytes = new Uint8Array(readFileSync(path.join(DIR, name)));
      const before = tf.memory().numTensors;
      const t0 = performance.now();
      try {
        new OnnxModel(parseOnnx(bytes, name), { name, hash: '' }).dispose();
      } catch (e) {
        assert.ok(e instanceof GlassboxError, `not a GlassboxError: ${(e as Error).stack}`);
        assert.match(e.message, new RegExp(`^${name.replace('.', '\\.')}`), 'the message names the model');
        assert.equal(e.message.split('\n').length, 1);
      }
      // folding once computed a 1 GB constant at import for 14 s; now ~20 ms (a loose bound)
      assert.ok(performance.now() - t0 < 5000, `took ${(performance.now() - t0).toFixed(0)} ms`);
      assert.equal(tf.memory().numTensors, before, 'tensors left behind');
      // the engine still works: an input that corrupted the wasm heap broke the next upload
      const sane = tf.tidy(() => Array.from(tf.add(tf.tensor1d([1, 2, 3]), 1).dataSync()));
      assert.deepEqual(sane, [2, 3, 4]);
    });
  }
});
