/**
 * Real models exported from PyTorch (scripts/export_onnx_fixtures.py) against the outputs
 * PyTorch computed at export (saved beside each model; onnxruntime-node is not needed):
 * within 1e-4 relative to the output's scale. Plus the Model interface on them: taps and
 * edits by node and value name, layers, no leaked tensors, input gradients that agree with
 * finite differences.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { readArrayFile } from '../src/data/arrays.ts';
import { initEngine } from '../src/engine/backend.ts';
import { type Tensor, tf } from '../src/engine/tf.ts';
import { loadOnnxModel, type OnnxModel } from '../src/model/onnx/model.ts';

const DIR = 'test/fixtures/onnx';
const MODELS = ['small_cnn', 'resnet18_w16', 'mobilenet_v2s', 'lstm', 'gru', 'transformer'];
const REL = 1e-4;

const fixture = (name: string, part: string) => readArrayFile(path.join(DIR, `${name}.${part}.npy`));

/** max |a - b| over max |b|: the error relative to the output's scale */
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

describe('ONNX models exported from PyTorch', () => {
  for (const name of MODELS) {
    it(`${name}: output equals PyTorch's within ${REL} relative, batch 2 and batch 1`, () => {
      const model = loadOnnxModel(path.join(DIR, `${name}.onnx`));
      const x = fixture(name, 'input');
      const want = fixture(name, 'output');
      assert.deepEqual([x.shape[0], ...model.inputShape], x.shape);
      // The first run builds the model's memoized weights (transposed filters), which the
      // model owns until dispose(); runs after it must not add tensors.
      tf.tidy(() => {
        model.run(tf.zeros(x.shape));
      });
      const before = tf.memory().numTensors;
      const input = tf.tensor(x.values, x.shape);
      const y = model.run(input).output;
      assert.deepEqual(y.shape, want.shape);
      const err = relErr(y.dataSync() as Float32Array, want.values);
      assert.ok(err <= REL, `relative error ${err.toExponential(2)}`);
      // the symbolic batch dimension: one example alone gives the same row
      const one = tf.tidy(() => model.run(input.slice(0, 1)).output.dataSync() as Float32Array);
      const per = want.values.length / want.shape[0];
      assert.ok(relErr(one, want.values.subarray(0, per)) <= REL);
      tf.dispose([input, y]);
      assert.equal(tf.memory().numTensors, before, 'run leaked tensors');
      assert.ok(model.layers().length > 0);
      model.dispose();
    });
  }
});

describe('the Model interface on an ONNX model (small_cnn)', () => {
  let model: OnnxModel;
  let x: Tensor;
  before(() => {
    model = loadOnnxModel(path.join(DIR, 'small_cnn.onnx'));
    const a = fixture('small_cnn', 'input');
    x = tf.tensor(a.values, a.shape);
  });

  it('lists layers with kinds, output shapes and parameter counts', () => {
    const layers = model.layers();
    assert.deepEqual(model.inputShape, [3, 32, 32]);
    assert.equal(model.layout, 'nchw');
    assert.deepEqual(model.outputShape, [10]);
    const kinds = layers.map((l) => l.kind);
    assert.deepEqual(kinds, [
      'Conv',
      'BatchNormalization',
      'Relu',
      'MaxPool',
      'Conv',
      'BatchNormalization',
      'Relu',
      'MaxPool',
      'GlobalAveragePool',
      'Flatten',
      'Gemm',
      'Softmax',
    ]);
    assert.deepEqual(layers[0].outputShape, [8, 32, 32]);
    assert.deepEqual(layers[3].outputShape, [8, 16, 16]);
    assert.deepEqual(layers[8].outputShape, [16, 1, 1]);
    // PyTorch's 1586 parameters plus the BatchNorm running means and variances (2 x (8 + 16))
    assert.equal(
      layers.reduce((a, l) => a + l.params, 0),
      1586 + 48,
    );
    assert.equal(new Set(layers.map((l) => l.name)).size, layers.length);
  });

  it('taps a node by its name and by its output value name, with the same tensor', () => {
    const relu = model.layers().find((l) => l.kind === 'Relu')!;
    const value = model.exec.plan.steps.find((s) => s.node.name === relu.name)!.node.outputs[0];
    const before = tf.memory().numTensors;
    const { output, taps } = model.run(x, { taps: [relu.name, value] });
    assert.deepEqual(taps.get(relu.name)!.shape, [2, 8, 32, 32]);
    assert.ok(Math.min(...(taps.get(relu.name)!.dataSync() as Float32Array)) >= 0);
    assert.deepEqual(taps.get(relu.name)!.dataSync(), taps.get(value)!.dataSync());
    tf.dispose([output, ...taps.values()]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('edits replace a node output for the rest of the pass', () => {
    const pool = model.layers().find((l) => l.kind === 'GlobalAveragePool')!.name;
    const gemm = model.layers().find((l) => l.kind === 'Gemm')!.name;
    tf.tidy(() => {
      const base = model.run(x).output;
      const same = model.run(x, { edits: { [pool]: (t) => t } }).output;
      assert.deepEqual(same.dataSync(), base.dataSync());
      // zeroing the features leaves softmax(bias): the same row for every example
      const { output, taps } = model.run(x, {
        edits: { [pool]: (t) => tf.zerosLike(t) },
        taps: [pool, gemm],
      });
      assert.equal(taps.get(pool)!.abs().sum().dataSync()[0], 0);
      const rows = output.arraySync() as number[][];
      assert.deepEqual(rows[0], rows[1]);
      assert.notDeepEqual(rows[0], (base.arraySync() as number[][])[0]);
      assert.throws(
        () => model.run(x, { edits: { [pool]: (t) => t.reshape([2, 16]) } }),
        /changed its shape/,
      );
      assert.throws(() => model.run(x, { taps: ['nope'] }), /no layer named 'nope'/);
    });
  });

  it('input gradients through the whole graph agree with finite differences', () => {
    // f(x) = log p(class 3) of example 0, at a few input coordinates
    const f = (v: Tensor) =>
      tf.tidy(() => model.run(v).output.slice([0, 3], [1, 1]).log().sum() as tf.Scalar);
    const g = tf.tidy(() => tf.grad(f)(x).dataSync() as Float32Array);
    const base = x.dataSync() as Float32Array;
    const eps = 1e-2;
    for (const i of [5, 333, 1024, 1500, 2047, 2500, 3000]) {
      const at = (d: number) => {
        const v = base.slice();
        v[i] += d;
        return tf.tidy(() => f(tf.tensor(v, x.shape)).dataSync()[0]);
      };
      const fd = (at(eps) - at(-eps)) / (2 * eps);
      assert.ok(
        Math.abs(fd - g[i]) <= 2e-3 + 0.05 * Math.abs(fd),
        `coordinate ${i}: grad ${g[i]}, finite difference ${fd}`,
      );
    }
    assert.ok(g.some((v) => v !== 0));
  });
});
