/** `glassbox info` and `glassbox predict` on ONNX files, end to end in real processes. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readArrayFile } from '../src/data/arrays.ts';
import { readTensorProto } from '../src/data/tensorproto.ts';

const BIN = path.resolve('bin/glassbox.js');
const DIR = 'test/fixtures/onnx';
const RELU = '/usr/share/libonnx-testdata/data/node/test_relu';
const tmp = mkdtempSync(path.join(tmpdir(), 'glassbox-onnx-cli-'));

function glassbox(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GLASSBOX_BACKEND: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

describe('glassbox CLI on ONNX models', () => {
  it('info lists the layers of an .onnx file', () => {
    const r = glassbox('info', '--model', `${DIR}/small_cnn.onnx`, '--json');
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.name, 'small_cnn');
    assert.equal(info.layout, 'nchw');
    assert.deepEqual(info.inputShape, [3, 32, 32]);
    assert.deepEqual(info.outputShape, [10]);
    assert.equal(info.layers[0].kind, 'Conv');
    assert.equal(info.params, 1634);
  });

  it('predict --out-json writes the raw output, equal to PyTorch’s', () => {
    const out = path.join(tmp, 'cnn.json');
    const r = glassbox(
      'predict',
      '--model',
      `${DIR}/small_cnn.onnx`,
      '--input',
      `${DIR}/small_cnn.input.npy`,
      '--json',
      '--out-json',
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).predictions.length, 2);
    const got = JSON.parse(readFileSync(out, 'utf8')) as number[][];
    assert.deepEqual([got.length, got[0].length], [2, 10]);
    const want = readArrayFile(`${DIR}/small_cnn.output.npy`).values;
    flat(got).forEach((v, i) => {
      assert.ok(Math.abs(v - want[i]) <= 1e-5, `${i}: ${v} vs ${want[i]}`);
    });
  });

  it('predict takes a TensorProto .pb input; outputs that are not [batch, classes] go to --out-json', (t) => {
    if (!existsSync(RELU)) return t.skip('libonnx-testdata absent');
    const out = path.join(tmp, 'relu.json');
    const r = glassbox(
      'predict',
      '--model',
      `${RELU}/model.onnx`,
      '--input',
      `${RELU}/test_data_set_0/input_0.pb`,
      '--out-json',
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /output \[3,4,5\] for 3 input\(s\), written to/);
    const want = readTensorProto(`${RELU}/test_data_set_0/output_0.pb`).values;
    assert.deepEqual(flat(JSON.parse(readFileSync(out, 'utf8'))), [...want]);
  });

  it('a broken .onnx file is one line on stderr and exit code 1', () => {
    const bad = path.join(tmp, 'bad.onnx');
    writeFileSync(bad, readFileSync(`${DIR}/small_cnn.onnx`).subarray(0, 2000));
    const r = glassbox('info', '--model', bad);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^glassbox: .*bad\.onnx is not an ONNX model/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
