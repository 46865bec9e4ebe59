import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { GlassboxError } from '../messages.ts';
import { initEngine } from './backend.ts';
import { tf } from './tf.ts';
import { withAllocationLimit } from './wasm_memory.ts';

/** The allocation guard on the wasm backend (wasm_memory.ts). */
describe('wasm allocation guard', () => {
  before(async () => {
    await initEngine('wasm');
  });

  const sane = () => tf.tidy(() => Array.from(tf.add(tf.tensor1d([1, 2, 3]), 1).dataSync()));

  it('refuses a tensor of 4 GB or more with a GlassboxError, and the engine goes on working', () => {
    const before = tf.memory().numTensors;
    assert.throws(
      () => tf.zeros([1 << 16, 1 << 14]),
      (e) => e instanceof GlassboxError && /4 GB/.test(e.message),
    );
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(sane(), [2, 3, 4]);
  });

  it('withAllocationLimit refuses bigger tensors inside it only', () => {
    assert.throws(
      () => withAllocationLimit(1000, () => tf.tidy(() => tf.zeros([500]).dataSync())),
      /needs 2000 bytes, more than 1000 bytes allowed here/,
    );
    assert.equal(
      withAllocationLimit(1000, () => tf.tidy(() => tf.zeros([200]).dataSync().length)),
      200,
    );
    assert.equal(
      tf.tidy(() => tf.zeros([5000]).dataSync().length),
      5000,
    );
    assert.deepEqual(sane(), [2, 3, 4]);
  });
});
