import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { finiteDiff, maxAbsDiff } from '../../test/util/numeric.ts';
import { initEngine } from '../engine/backend.ts';
import { type Tensor, tf } from '../engine/tf.ts';
import { GlassboxError } from '../messages.ts';
import { loadModel } from './load.ts';
import { saveLayersModel } from './tfjs_save.ts';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'glassbox-model-'));

/** input [5,5,1] -> conv 'c1' (relu) -> two branches (dense 'a', dense 'b') -> add 'sum' -> softmax 'probs' */
function branchyModel(): tf.LayersModel {
  const inp = tf.input({ shape: [5, 5, 1], name: 'image' });
  const c1 = tf.layers
    .conv2d({
      name: 'c1',
      filters: 2,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      biasInitializer: 'ones',
    })
    .apply(inp) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'flat' }).apply(c1) as tf.SymbolicTensor;
  const a = tf.layers
    .dense({ name: 'a', units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
    .apply(flat);
  const b = tf.layers
    .dense({ name: 'b', units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })
    .apply(flat);
  const sum = tf.layers.add({ name: 'sum' }).apply([a, b] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
  const probs = tf.layers
    .activation({ name: 'probs', activation: 'softmax' })
    .apply(sum) as tf.SymbolicTensor;
  return tf.model({ inputs: inp, outputs: probs });
}

describe('TF.js LayersModel adapter', () => {
  let dir: string;
  let net: tf.LayersModel;
  before(async () => {
    await initEngine('wasm');
    dir = tmp();
    net = branchyModel();
    net.setUserDefinedMetadata({ classNames: ['x', 'y', 'z'] });
    await saveLayersModel(net, dir);
  });

  it('lists layers with kinds, shapes and parameter counts', async () => {
    const m = await loadModel(path.join(dir, 'model.json'));
    assert.deepEqual(m.inputShape, [5, 5, 1]);
    assert.deepEqual(m.outputShape, [3]);
    assert.deepEqual(m.classNames, ['x', 'y', 'z']);
    const byName = Object.fromEntries(m.layers().map((l) => [l.name, l]));
    assert.deepEqual(byName.c1, {
      name: 'c1',
      kind: 'Conv2D',
      outputShape: [5, 5, 2],
      params: 3 * 3 * 2 + 2,
    });
    assert.equal(byName.a.params, 50 * 3 + 3);
    assert.equal(byName.sum.kind, 'Add');
    assert.match(m.hash, /^[0-9a-f]{64}$/);
  });

  it('runs like tfjs-layers predict, taps equal the layer maths, and leaks nothing', async () => {
    const m = await loadModel(dir);
    const x = tf.randomNormal([2, 5, 5, 1], 0, 1, 'float32', 4);
    const before = tf.memory().numTensors;
    const [out, c1, ref, manual] = tf.tidy(() => {
      const r = m.run(x, { taps: ['c1', 'sum'] });
      const [k, bias] = net.getLayer('c1').getWeights();
      const man = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'same'), bias));
      return [r.output, r.taps.get('c1')!, net.predict(x) as Tensor, man];
    });
    assert.ok(maxAbsDiff(out.dataSync(), ref.dataSync()) < 1e-6);
    assert.ok(maxAbsDiff(c1.dataSync(), manual.dataSync()) < 1e-6);
    tf.dispose([out, c1, ref, manual]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('edits replace a layer output for everything downstream', async () => {
    const m = await loadModel(dir);
    const x = tf.randomNormal([1, 5, 5, 1], 0, 1, 'float32', 5);
    const keep = tf.tensor([0, 1]); // zero channel 0 of c1 (a unit ablation)
    const [edited, expected, tap] = tf.tidy(() => {
      const r = m.run(x, { taps: ['c1'], edits: { c1: (t) => tf.mul(t, keep) } });
      // Downstream by hand: flatten -> a + b -> softmax on the ablated map.
      const c1 = tf.mul(m.run(x, { taps: ['c1'] }).taps.get('c1')!, keep);
      const flat = tf.reshape(c1, [1, -1]);
      const [wa, ba] = net.getLayer('a').getWeights();
      const [wb, bb] = net.getLayer('b').getWeights();
      const logits = tf.add(tf.add(tf.matMul(flat, wa), ba), tf.add(tf.matMul(flat, wb), bb));
      return [r.output, tf.softmax(logits), r.taps.get('c1')!];
    });
    assert.ok(maxAbsDiff(edited.dataSync(), expected.dataSync()) < 1e-6);
    const t = tap.dataSync();
    for (let i = 0; i < t.length; i += 2) assert.equal(t[i], 0);
    tf.dispose([edited, expected, tap]);
  });

  it('differentiates through taps: d sum(c1) / dx equals finite differences', async () => {
    const m = await loadModel(dir);
    const x = tf.randomNormal([1, 5, 5, 1], 0, 1, 'float32', 6);
    const f = (xx: Tensor) => tf.sum(m.run(xx, { taps: ['sum'] }).taps.get('sum')!) as tf.Scalar;
    const g = tf.grad(f)(x);
    assert.ok(maxAbsDiff(g.dataSync(), finiteDiff(f, x, 1e-3)) < 2e-2);
  });

  it('gives one clear error for bad input', async () => {
    const m = await loadModel(dir);
    assert.throws(() => m.run(tf.zeros([1, 3, 224, 224])), {
      message: 'model input is [5,5,1] but the input is [3,224,224]',
    });
    assert.throws(() => m.run(tf.zeros([1, 5, 5, 1]), { taps: ['nope'] }), /no layer named 'nope'/);
    await assert.rejects(loadModel(path.join(dir, 'missing.json')), GlassboxError);
    await assert.rejects(loadModel('no-such-model'), /no model 'no-such-model'/);
    const bad = tmp();
    writeFileSync(path.join(bad, 'model.json'), '{ "modelTopology": ');
    await assert.rejects(loadModel(bad), /not a valid TF\.js model\.json/);
    const cut = tmp();
    writeFileSync(path.join(cut, 'model.json'), readFileSync(path.join(dir, 'model.json')));
    writeFileSync(path.join(cut, 'weights.bin'), readFileSync(path.join(dir, 'weights.bin')).subarray(0, 40));
    await assert.rejects(loadModel(cut), /weight shards hold 40 bytes but the weight specs need \d+/);
    const noShard = tmp();
    writeFileSync(path.join(noShard, 'model.json'), readFileSync(path.join(dir, 'model.json')));
    await assert.rejects(loadModel(noShard), /weight shard weights.bin not found/);
  });
});

describe('TF.js GraphModel adapter', () => {
  it('runs, taps and edits a hand-written graph (x @ W + b, relu)', async () => {
    await initEngine('wasm');
    const dir = tmp();
    const W = [1, -2, 0.5, 3, -1, 2];
    const b = [0.1, -0.2];
    const f32 = (a: number[]) => Buffer.from(new Float32Array(a).buffer);
    writeFileSync(path.join(dir, 'w.bin'), Buffer.concat([f32(W), f32(b)]));
    const dt = { type: { type: 'DT_FLOAT' } };
    const json = {
      format: 'graph-model',
      modelTopology: {
        node: [
          {
            name: 'x',
            op: 'Placeholder',
            attr: { dtype: dt.type, shape: { shape: { dim: [{ size: '-1' }, { size: '3' }] } } },
          },
          {
            name: 'W',
            op: 'Const',
            attr: {
              dtype: dt.type,
              value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '3' }, { size: '2' }] } } },
            },
          },
          {
            name: 'b',
            op: 'Const',
            attr: {
              dtype: dt.type,
              value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '2' }] } } },
            },
          },
          {
            name: 'MatMul',
            op: 'MatMul',
            input: ['x', 'W'],
            attr: { T: dt.type, transpose_a: { b: false }, transpose_b: { b: false } },
          },
          { name: 'BiasAdd', op: 'BiasAdd', input: ['MatMul', 'b'], attr: { T: dt.type } },
          { name: 'Relu', op: 'Relu', input: ['BiasAdd'], attr: { T: dt.type } },
        ],
        versions: { producer: 1 },
      },
      weightsManifest: [
        {
          paths: ['w.bin'],
          weights: [
            { name: 'W', shape: [3, 2], dtype: 'float32' },
            { name: 'b', shape: [2], dtype: 'float32' },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    const m = await loadModel(dir);
    assert.deepEqual(m.inputShape, [3]);
    assert.deepEqual(
      m.layers().map((l) => [l.name, l.kind, l.outputShape]),
      [
        ['MatMul', 'MatMul', [2]],
        ['BiasAdd', 'BiasAdd', [2]],
        ['Relu', 'Relu', [2]],
      ],
    );
    const x = tf.tensor2d([[1, 2, 3]]);
    // By hand: x W = [1 - 2*... ] row-major W = [[1,-2],[0.5,3],[-1,2]]
    const mm = [1 * 1 + 2 * 0.5 + 3 * -1, 1 * -2 + 2 * 3 + 3 * 2];
    const r = m.run(x, { taps: ['MatMul'] });
    assert.deepEqual(Array.from(r.taps.get('MatMul')!.dataSync()), mm);
    assert.deepEqual(
      Array.from(r.output.dataSync()).map((v) => Number(v.toFixed(5))),
      [Math.max(0, mm[0] + 0.1), Math.max(0, mm[1] - 0.2)].map((v) => Number(v.toFixed(5))),
    );
    const e = m.run(x, { edits: { BiasAdd: (t) => tf.neg(t) } });
    assert.deepEqual(
      Array.from(e.output.dataSync()).map((v) => Number(v.toFixed(5))),
      [Math.max(0, -(mm[0] + 0.1)), Math.max(0, -(mm[1] - 0.2))].map((v) => Number(v.toFixed(5))),
    );
  });
});

describe('loading a TF.js model from a URL', () => {
  it('fetches model.json and shards over HTTP and runs like the file load', async () => {
    await initEngine('wasm');
    const { createServer } = await import('node:http');
    const { loadModelFromUrl } = await import('./load_url.ts');
    const dir = tmp();
    await saveLayersModel(branchyModel(), dir);
    const server = createServer((req, res) => {
      const file = path.join(dir, path.basename(req.url ?? ''));
      try {
        const body = readFileSync(file);
        res.writeHead(200).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const byUrl = await loadModelFromUrl(`http://127.0.0.1:${port}/model.json`, 'branchy');
      const byFile = await loadModel(dir);
      const x = tf.randomNormal([1, 5, 5, 1], 0, 1, 'float32', 9);
      const a = byUrl.run(x).output.dataSync();
      const b = byFile.run(x).output.dataSync();
      assert.deepEqual(Array.from(a), Array.from(b));
      await assert.rejects(loadModelFromUrl(`http://127.0.0.1:${port}/missing.json`), /HTTP 404/);
    } finally {
      server.close();
    }
  });
});
