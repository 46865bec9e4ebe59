import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError } from './errors.ts';
import { gunzipIfNeeded, isGzip, pathKind, readFileChecked } from './files.ts';

const dir = mkdtempSync(join(tmpdir(), 'glassbox-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('gunzip by magic bytes; plain bytes pass through', () => {
  const text = Buffer.from('hello, glassbox');
  assert.ok(isGzip(gzipSync(text)));
  assert.ok(!isGzip(text));
  assert.deepEqual(gunzipIfNeeded(gzipSync(text), 'a'), text);
  assert.equal(gunzipIfNeeded(text, 'a'), text);
  assert.throws(
    () => gunzipIfNeeded(Buffer.from([0x1f, 0x8b, 8, 0, 1]), 'x.gz'),
    (e: unknown) => e instanceof DataError && e.message === 'x.gz: gzip stream is truncated or corrupt',
  );
});

test('readFileChecked and pathKind name what is missing', () => {
  writeFileSync(join(dir, 'a'), 'A');
  assert.equal(readFileChecked(join(dir, 'a')).toString(), 'A');
  assert.equal(pathKind(join(dir, 'a')), 'file');
  assert.equal(pathKind(dir), 'dir');
  assert.equal(pathKind(join(dir, 'b')), undefined);
  const missing = join(dir, 'b');
  assert.throws(() => readFileChecked(missing), { name: 'DataError', message: `no such file: ${missing}` });
  assert.throws(() => readFileChecked(dir), {
    name: 'DataError',
    message: `cannot read ${dir}: it is a folder`,
  });
});
