import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initEngine } from '../backend.ts';
import { maxRelErr } from '../doctor.ts';
import { tf } from '../tf.ts';
import { CHECKS } from './index.ts';

/** Every self-check of `glassbox doctor`: our wasm kernels against the cpu reference. */
describe('registered kernels agree with the cpu backend', () => {
  for (const c of CHECKS) {
    it(`${c.kernel}: ${c.case}`, async () => {
      await initEngine('wasm');
      const before = tf.memory().numTensors;
      const got = c.run();
      const g = got.dataSync().slice();
      got.dispose();
      assert.equal(tf.memory().numTensors, before, 'the check leaked tensors on wasm');
      await initEngine('cpu');
      const want = (c.reference ?? c.run)();
      const w = want.dataSync().slice();
      want.dispose();
      await initEngine('wasm');
      const err = maxRelErr(g, w);
      assert.ok(err <= (c.tolerance ?? 1e-5), `relative error ${err}`);
    });
  }
});
