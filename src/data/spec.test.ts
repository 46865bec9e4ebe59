import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { DataError } from './errors.ts';
import { asDataset, FASHION_MNIST_DIR, type Input, parseInputSpec, type TensorInput } from './spec.ts';

const dir = mkdtempSync(join(tmpdir(), 'glassbox-spec-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const FIX = join(import.meta.dirname, '../../test/fixtures/data');
const require = createRequire(import.meta.url);
const digit = (d: number, k: number): number[] =>
  JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')).data.slice(
    k * 784,
    (k + 1) * 784,
  );

const rejects = (p: Promise<unknown>, re: RegExp) =>
  assert.rejects(
    p,
    (e: unknown) => e instanceof DataError && re.test(e.message) && !e.message.includes('\n'),
  );
function tensor(i: Input): TensorInput {
  assert.equal(i.kind, 'tensor');
  return i as TensorInput;
}
const dataset = (i: Input) => {
  assert.equal(i.kind, 'dataset');
  return asDataset(i);
};

/** IDX bytes: uint8 [n, 2, 2] images, or [n] labels when `rank1`. */
function idx(values: number[], rank1 = false): Buffer {
  const dims = rank1 ? [values.length] : [values.length / 4, 2, 2];
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 8;
  head[3] = dims.length;
  dims.forEach((d, i) => {
    head.writeUInt32BE(d, 4 + 4 * i);
  });
  return Buffer.concat([head, Buffer.from(values)]);
}

test('mnist, mnist:N, mnist:A-B (inclusive)', async () => {
  const three = tensor(await parseInputSpec('mnist:3'));
  assert.deepEqual(three.shape, [1, 28, 28, 1]);
  assert.deepEqual([...three.labels!], [3]);
  assert.deepEqual([...three.values], digit(3, 0).map(Math.fround));
  assert.equal(dataset(await parseInputSpec('mnist')).size, 10000);
  const range = dataset(await parseInputSpec('mnist:10-19'));
  assert.equal(range.size, 10);
  assert.deepEqual([...range.batch(0, 10).labels!], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...range.batch(2, 3).x], digit(2, 1).map(Math.fround));
  assert.deepEqual(
    tensor(await parseInputSpec('mnist:0', { inputShape: [28, 28, 1] })).shape,
    [1, 28, 28, 1],
  );
});

test('errors: one clear line each', async () => {
  await rejects(parseInputSpec('mnist:12000'), /^mnist index 12000 is out of range 0\.\.9999$/);
  await rejects(parseInputSpec('mnist:5-3'), /^bad range in 'mnist:5-3'/);
  await rejects(parseInputSpec('mnist:x'), /^unknown input 'mnist:x'/);
  await rejects(parseInputSpec('foo:1'), /^unknown input 'foo:1': use a path, mnist:N, .*idx:PATH:N, /);
  await rejects(parseInputSpec('fashion-mnist:valid'), /^unknown input 'fashion-mnist:valid'/);
  await rejects(parseInputSpec('x.png'), /^no such file: x\.png$/);
  await rejects(parseInputSpec('idx:nope.gz:3'), /^no such file: nope\.gz$/);
  await rejects(
    parseInputSpec('mnist', { inputShape: [32, 32, 3] }),
    /^model input is \[32,32,3\] but mnist .* is \[28,28,1\]$/,
  );
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  await rejects(parseInputSpec(join(dir, 'notes.txt')), /notes\.txt: unknown file type/);
});

test('idx:PATH, idx:PATH:N, idx:IMAGES:LABELS[:A-B], IDX sniffed by content', async () => {
  const images = join(dir, 'imgs-ubyte');
  const labels = join(dir, 'lbls-ubyte');
  writeFileSync(images, idx([0, 51, 102, 153, 204, 255, 0, 0, 1, 2, 3, 4]));
  writeFileSync(labels, idx([2, 0, 1], true));
  const one = tensor(await parseInputSpec(`idx:${images}:1`));
  assert.deepEqual(one.shape, [1, 2, 2, 1]);
  assert.deepEqual(
    [...one.values],
    [204, 255, 0, 0].map((v) => Math.fround(v / 255)),
  );
  assert.equal(one.labels, undefined);
  const all = dataset(await parseInputSpec(`idx:${images}:${labels}`));
  assert.deepEqual([...all.batch(0, 3).labels!], [2, 0, 1]);
  const tail = dataset(await parseInputSpec(`idx:${images}:${labels}:1-2`));
  assert.deepEqual([...tail.batch(0, 2).labels!], [0, 1]);
  assert.deepEqual([...tensor(await parseInputSpec(`idx:${images}:${labels}:2`)).labels!], [1]);
  assert.equal(dataset(await parseInputSpec(images)).size, 3);
  await rejects(parseInputSpec(`idx:${images}:3`), /imgs-ubyte index 3 is out of range 0\.\.2$/);
});

test('fashion-mnist:test and :train shortcuts', async (t) => {
  if (!existsSync(FASHION_MNIST_DIR))
    return t.skip(`${FASHION_MNIST_DIR} absent: apt-get install dataset-fashion-mnist`);
  const first = tensor(await parseInputSpec('fashion-mnist:test:0'));
  assert.deepEqual([...first.labels!], [9]);
  assert.equal(first.classNames![9], 'Ankle boot');
  assert.equal(dataset(await parseInputSpec('fashion-mnist:train')).size, 60000);
});

test('arrays: .npy NCHW inferred, .json needing --layout, .pb from the ONNX test data', async (t) => {
  // f4_nchw_1x3x2x2.npy holds 0..11 as [1, 3, 2, 2]
  const npy = tensor(await parseInputSpec(join(FIX, 'f4_nchw_1x3x2x2.npy')));
  assert.deepEqual(npy.shape, [1, 2, 2, 3]);
  assert.deepEqual([...npy.values], [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
  const json = join(dir, 'cube.json');
  writeFileSync(
    json,
    JSON.stringify([
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ].flatMap((p) => [p, p, p]),
    ]),
  );
  await rejects(parseInputSpec(json), /cube\.json has shape \[1,3,3,3\], which could be NCHW or NHWC/);
  assert.deepEqual(tensor(await parseInputSpec(json, { layout: 'nhwc' })).shape, [1, 3, 3, 3]);
  const pb = '/usr/share/libonnx-testdata/data/node/test_abs/test_data_set_0/input_0.pb';
  if (!existsSync(pb)) return t.skip('libonnx-testdata absent: apt-get install libonnx-testdata');
  assert.deepEqual(tensor(await parseInputSpec(pb, { layout: 'nhwc' })).shape, [1, 3, 4, 5]);
  assert.deepEqual(tensor(await parseInputSpec(pb)).shape, [1, 4, 5, 3]);
});

test('images: one file as a tensor resized to the input shape, a folder as a Dataset', async () => {
  const png = new PNG({ width: 2, height: 2 });
  png.data = Buffer.from([255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255]);
  const folder = join(dir, 'pics');
  mkdirSync(folder);
  writeFileSync(join(folder, 'red.png'), PNG.sync.write(png, { colorType: 2 }));
  const img = tensor(await parseInputSpec(join(folder, 'red.png'), { inputShape: [4, 4, 3] }));
  assert.deepEqual(img.shape, [1, 4, 4, 3]);
  assert.deepEqual([...img.values.slice(0, 3)], [1, 0, 0]);
  assert.deepEqual(tensor(await parseInputSpec(join(folder, 'red.png'))).shape, [1, 2, 2, 3]);
  await rejects(
    parseInputSpec(join(folder, 'red.png'), { inputShape: [784] }),
    /model input is \[784\], which an image/,
  );
  const ds = dataset(await parseInputSpec(folder, { inputShape: [3, 3, 1] }));
  assert.deepEqual([ds.size, ...ds.shape], [1, 3, 3, 1]);
  assert.ok(Math.abs(ds.batch(0, 1).x[0] - 0.299) < 1e-6);
});
