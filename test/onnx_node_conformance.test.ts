/**
 * The ONNX backend node tests (Debian's libonnx-testdata), every case whose ops are all
 * supported, against the expected outputs with the ONNX runner's tolerances. Fails when
 * fewer than 95% of those cases pass; every failure is listed. docs/onnx-ops.md is the
 * same run as a table (npm run onnx:ops-doc).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initEngine } from '../src/engine/backend.ts';
import { tf } from '../src/engine/tf.ts';
import { listCases, NODE_TESTS, runCase } from '../src/model/onnx/conformance.ts';

const MIN_PASS_RATE = 0.95;

test('ONNX node tests: >= 95% of the cases of supported ops pass', async (t) => {
  const cases = listCases();
  if (cases.length === 0) return t.skip(`${NODE_TESTS} absent: apt-get install libonnx-testdata`);
  await initEngine();
  const before = tf.memory().numTensors;
  const results = cases.map(runCase);
  assert.equal(tf.memory().numTensors, before, 'the cases leaked tensors');
  const run = results.filter((r) => r.status !== 'skip');
  const failed = run.filter((r) => r.status === 'fail');
  const rate = (run.length - failed.length) / run.length;
  t.diagnostic(
    `${run.length - failed.length}/${run.length} cases of supported ops pass (${(100 * rate).toFixed(1)}%); ${results.length - run.length} skipped`,
  );
  for (const f of failed) t.diagnostic(`FAIL ${f.name}: ${f.reason}`);
  assert.ok(run.length > 0, 'no case ran');
  assert.ok(
    rate >= MIN_PASS_RATE,
    `${failed.length} of ${run.length} cases fail:\n${failed.map((f) => `  ${f.name}: ${f.reason}`).join('\n')}`,
  );
});
