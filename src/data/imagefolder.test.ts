import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { DataError } from './errors.ts';
import { loadImageFolder } from './imagefolder.ts';

const root = mkdtempSync(join(tmpdir(), 'glassbox-folder-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A w x h grey PNG (written by pngjs) whose every pixel is `v`. */
function greyPng(path: string, v: number, w = 2, h = 2): void {
  const png = new PNG({ width: w, height: h });
  png.data = Buffer.from(new Array(w * h).fill([v, v, v, 255]).flat());
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, PNG.sync.write(png, { colorType: 0, inputColorType: 6 }));
}
const fails = (p: Promise<unknown>, re: RegExp) =>
  assert.rejects(
    p,
    (e: unknown) => e instanceof DataError && re.test(e.message) && !e.message.includes('\n'),
  );

test('flat folder: sorted names, unlabelled, other files ignored', async () => {
  const dir = join(root, 'flat');
  greyPng(join(dir, 'b.png'), 20);
  greyPng(join(dir, 'a.PNG'), 10);
  greyPng(join(dir, 'c.png'), 30);
  writeFileSync(join(dir, 'notes.txt'), 'not an image');
  const ds = await loadImageFolder(dir);
  assert.equal(ds.size, 3);
  assert.deepEqual(ds.shape, [2, 2, 1]);
  const b = ds.batch(0, 3);
  assert.equal(b.labels, undefined);
  assert.deepEqual(
    [...b.x],
    [10, 10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30].map((v) => Math.fround(v / 255)),
  );
  const rgb = await loadImageFolder(dir, { channels: 3, height: 1, width: 1 });
  assert.deepEqual(rgb.shape, [1, 1, 3]);
  assert.deepEqual(
    [...rgb.batch(2, 3).x],
    [30, 30, 30].map((v) => Math.fround(v / 255)),
  );
});

test('class sub-folders give labels and class names', async () => {
  const dir = join(root, 'classes');
  greyPng(join(dir, 'dogs', '1.png'), 3);
  greyPng(join(dir, 'cats', 'z.png'), 2);
  greyPng(join(dir, 'cats', 'a.png'), 1);
  mkdirSync(join(dir, 'empty'));
  const ds = await loadImageFolder(dir);
  assert.deepEqual(ds.classNames, ['cats', 'dogs']);
  assert.equal(ds.numClasses, 2);
  const b = ds.batch(0, 3);
  assert.deepEqual([...b.labels!], [0, 0, 1]);
  assert.deepEqual(
    [b.x[0], b.x[4], b.x[8]],
    [1, 2, 3].map((v) => Math.fround(v / 255)),
  );
});

test('folder errors: sizes differ, mixed, empty, missing', async () => {
  const sizes = join(root, 'sizes');
  greyPng(join(sizes, 'a.png'), 0, 2, 2);
  greyPng(join(sizes, 'b.png'), 0, 3, 2);
  await fails(loadImageFolder(sizes), /b\.png is 2x3 but the first image is 2x2; give an input shape/);
  assert.deepEqual((await loadImageFolder(sizes, { height: 4, width: 4 })).shape, [4, 4, 1]);
  const mixed = join(root, 'mixed');
  greyPng(join(mixed, 'a.png'), 0);
  greyPng(join(mixed, 'cls', 'b.png'), 0);
  await fails(loadImageFolder(mixed), /mixed holds both images and class sub-folders/);
  const empty = join(root, 'none');
  mkdirSync(empty);
  await fails(loadImageFolder(empty), /none holds no \.png or \.jpg images/);
  await fails(loadImageFolder(join(root, 'absent')), /^no such folder: .*absent$/);
});
