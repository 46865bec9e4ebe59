import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { OpRegistry, registry } from './registry.ts';
import type { OpImpl, OpRegistration } from './types.ts';

const impl: OpImpl = { run: () => [] };
const reg = (since: number, until?: number, domain = ''): OpRegistration => ({
  opType: 'Foo',
  domain,
  since,
  until,
  impl,
});

test('the registration whose opset range holds the opset wins, the newest first', () => {
  const a = reg(1, 6);
  const b = reg(7, 12);
  const c = reg(13);
  const r = new OpRegistry([a, c, b]);
  assert.equal(r.find('Foo', '', 1), a);
  assert.equal(r.find('Foo', '', 6), a);
  assert.equal(r.find('Foo', 'ai.onnx', 11), b);
  assert.equal(r.find('Foo', '', 18), c);
  assert.equal(r.find('Foo', '', undefined), undefined);
  assert.equal(r.find('Foo', 'com.example', 13), undefined);
  assert.equal(r.find('Bar', '', 13), undefined);
  assert.deepEqual(r.versions('Foo', ''), [c, b, a]);
});

test('every ops/<OpType>.ts that exports registrations is listed in ops/index.ts', () => {
  const dir = path.join(import.meta.dirname, 'ops');
  const index = readFileSync(path.join(dir, 'index.ts'), 'utf8');
  const modules = readdirSync(dir).filter(
    (f) =>
      /^[A-Z]\w*\.ts$/.test(f) &&
      /export const registrations\b/.test(readFileSync(path.join(dir, f), 'utf8')),
  );
  const missing = modules.filter((f) => !index.includes(`from './${f}'`));
  assert.deepEqual(
    missing,
    [],
    `add to ops/index.ts: ${missing.map((f) => `export * as ${f.slice(0, -3)} from './${f}';`).join(' ')}`,
  );
  // and each registers the op its file is named after
  for (const f of modules)
    assert.ok(registry.versions(f.slice(0, -3), '').length > 0, `${f} registers no ${f.slice(0, -3)}`);
});
