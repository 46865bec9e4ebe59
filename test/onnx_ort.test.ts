/**
 * The six PyTorch fixtures (test/fixtures/onnx) against onnxruntime-node, the reference
 * runtime (a devDependency): our outputs equal onnxruntime's within 1e-4 relative to the
 * output's scale, as onnxruntime's equal the outputs PyTorch saved at export.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ort from 'onnxruntime-node';
import { readArrayFile } from '../src/data/arrays.ts';
import { initEngine } from '../src/engine/backend.ts';
import { tf } from '../src/engine/tf.ts';
import { loadOnnxModel } from '../src/model/onnx/model.ts';

const DIR = 'test/fixtures/onnx';
const MODELS = ['small_cnn', 'resnet18_w16', 'mobilenet_v2s', 'lstm', 'gru', 'transformer'];
const REL = 1e-4;

/** max |a - b| over max |b| */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}

before(async () => {
  await initEngine();
});

describe('ONNX fixtures: our outputs equal onnxruntime-node', () => {
  const sessions: ort.InferenceSession[] = [];
  after(async () => {
    await Promise.all(sessions.map((s) => s.release()));
  });

  for (const name of MODELS) {
    it(`${name}: within ${REL} relative of onnxruntime ${ort.env.versions.common}, which matches PyTorch`, async () => {
      const file = path.join(DIR, `${name}.onnx`);
      const x = readArrayFile(path.join(DIR, `${name}.input.npy`));
      const torch = readArrayFile(path.join(DIR, `${name}.output.npy`));
      const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1 });
      sessions.push(session);
      const input = new ort.Tensor('float32', Float32Array.from(x.values), x.shape);
      const result = await session.run({ [session.inputNames[0]]: input });
      const want = result[session.outputNames[0]];
      assert.deepEqual([...want.dims], torch.shape);
      const ref = want.data as Float32Array;
      assert.ok(relErr(ref, torch.values) <= REL, 'onnxruntime disagrees with PyTorch');
      const model = loadOnnxModel(file);
      const got = tf.tidy(() => model.run(tf.tensor(x.values, x.shape)).output.dataSync() as Float32Array);
      model.dispose();
      const err = relErr(got, ref);
      assert.ok(err <= REL, `relative error against onnxruntime ${err.toExponential(2)}`);
    });
  }
});
