/** The ONNX importer on hand-built models: decoding, graph checks and each bad input's one-line error. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TensorProto_DataType as T, TensorProto_DataLocation } from '../src/data/proto/onnx_tensor_pb.ts';
import { initEngine } from '../src/engine/backend.ts';
import { tf } from '../src/engine/tf.ts';
import { loadOnnxModel } from '../src/model/onnx/model.ts';
import { parseOnnx, readOnnx } from '../src/model/onnx/parse.ts';
import { buildPlan } from '../src/model/onnx/plan.ts';
import { allRegistrations, OpRegistry } from '../src/model/onnx/registry.ts';
import { type OnnxGraph, OnnxImportError, type OpRegistration } from '../src/model/onnx/types.ts';
import { attrInt, floats, type GraphSpec, int64s, modelBytes, node, value } from './util/onnx_build.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'glassbox-onnx-'));
let count = 0;
function save(g: GraphSpec | Uint8Array, name = `m${count++}.onnx`): string {
  const file = path.join(dir, name);
  writeFileSync(file, g instanceof Uint8Array ? g : modelBytes(g));
  return file;
}

/** y = relu(x + b), x: [N, 3] */
const addRelu = (): GraphSpec => ({
  nodes: [node('Relu', ['s'], ['y'], { name: 'act' }), node('Add', ['x', 'b'], ['s'], { name: 'add' })],
  inputs: [value('x', ['N', 3])],
  outputs: [value('y', ['N', 3])],
  initializers: [floats('b', [3], [1, -1, 0.5])],
});

function rejects(f: () => unknown, re: RegExp) {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof OnnxImportError, `not an OnnxImportError: ${e}`);
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'), `more than one line: ${e.message}`);
    return true;
  });
}

before(async () => {
  await initEngine();
});

describe('ONNX parsing', () => {
  it('decodes initializers from typed fields and raw_data, in every element type we hold', () => {
    const raw = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    const half = [0x3c00, 0xc000]; // 1, -2
    const f = parseOnnx(
      modelBytes({
        ...addRelu(),
        initializers: [
          floats('b', [3], [1, -1, 0.5]),
          { name: 'raw', dims: [2n], dataType: T.FLOAT, rawData: raw },
          { name: 'dbl', dims: [2n], dataType: T.DOUBLE, doubleData: [0.1, 2] },
          { name: 'i32', dims: [2n], dataType: T.INT32, int32Data: [-7, 9] },
          int64s('i64', [2], [-3, 2 ** 40]),
          { name: 'u8', dims: [2n], dataType: T.UINT8, int32Data: [0, 255] },
          { name: 'bool', dims: [2n], dataType: T.BOOL, int32Data: [1, 0] },
          { name: 'f16', dims: [2n], dataType: T.FLOAT16, int32Data: half },
        ],
        opsets: [
          { domain: '', version: 13 },
          { domain: 'com.example', version: 2 },
        ],
        metadata: { classNames: '["a","b","c"]' },
      }),
    );
    const init = f.graph.initializers;
    assert.deepEqual([...init.get('raw')!.values], [1.5, -2]);
    assert.deepEqual([...(init.get('dbl')!.exact as Float64Array)], [0.1, 2]);
    assert.deepEqual([...init.get('i32')!.values], [-7, 9]);
    assert.deepEqual([...(init.get('i64')!.exact as BigInt64Array)], [-3n, 2n ** 40n]);
    assert.deepEqual([...init.get('u8')!.values], [0, 255]);
    assert.deepEqual([...init.get('bool')!.values], [1, 0]);
    assert.deepEqual([...init.get('f16')!.values], [1, -2]);
    assert.equal(init.get('f16')!.dataType, 'FLOAT16');
    assert.deepEqual(
      [...f.opsets],
      [
        ['', 13],
        ['com.example', 2],
      ],
    );
    assert.equal(f.metadata.classNames, '["a","b","c"]');
    assert.equal(f.producer, 'glassbox-test');
  });

  it('reads value_info shapes with symbolic dims, and names unnamed nodes <op>_<index>', () => {
    const f = parseOnnx(
      modelBytes({
        nodes: [node('Relu', ['x'], ['y'])],
        inputs: [value('x', ['batch', 3, null])],
        outputs: [value('y', null)],
        valueInfo: [value('z', [2, 'k'], T.INT64)],
      }),
    );
    assert.deepEqual(f.graph.inputs[0].shape, ['batch', 3, null]);
    assert.equal(f.graph.outputs[0].shape, null);
    assert.deepEqual(f.graph.valueInfo.get('z'), { name: 'z', dataType: 'INT64', shape: [2, 'k'] });
    assert.equal(f.graph.nodes[0].name, 'Relu_0');
  });

  it('reads external data beside the model, with offset and length', () => {
    const sub = mkdtempSync(path.join(dir, 'ext-'));
    const bytes = new Float32Array([9, 9, 1, -1, 0.5]);
    writeFileSync(path.join(sub, 'weights.bin'), new Uint8Array(bytes.buffer));
    const ext = (location: string) => ({
      name: 'b',
      dims: [3n],
      dataType: T.FLOAT,
      dataLocation: TensorProto_DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: location },
        { key: 'offset', value: '8' },
        { key: 'length', value: '12' },
      ],
    });
    const file = path.join(sub, 'ext.onnx');
    writeFileSync(file, modelBytes({ ...addRelu(), initializers: [ext('weights.bin')] }));
    assert.deepEqual([...readOnnx(file).graph.initializers.get('b')!.values], [1, -1, 0.5]);
    writeFileSync(file, modelBytes({ ...addRelu(), initializers: [ext('gone.bin')] }));
    rejects(
      () => readOnnx(file),
      /tensor 'b' keeps its data in 'gone.bin', which does not exist beside the model/,
    );
    writeFileSync(file, modelBytes({ ...addRelu(), initializers: [ext('../escape.bin')] }));
    rejects(() => readOnnx(file), /not a relative path inside the model's folder/);
  });
});

describe('ONNX bad input: one clear error each', () => {
  it('a truncated file', () => {
    const bytes = modelBytes(addRelu());
    rejects(() => readOnnx(save(bytes.subarray(0, bytes.length - 9))), /is not an ONNX model/);
  });

  it('a file that is not ONNX at all', () => {
    rejects(() => readOnnx(save(new TextEncoder().encode('{"modelTopology": {}}'))), /is not an ONNX model/);
    rejects(() => readOnnx(save(new Uint8Array(0))), /is not an ONNX model: it has no graph/);
    rejects(() => readOnnx(path.join(dir, 'absent.onnx')), /model file not found/);
  });

  it('a graph with a cycle names the nodes along it', () => {
    const g = addRelu();
    g.nodes = [
      node('Add', ['x', 'y2'], ['s'], { name: 'a' }),
      node('Relu', ['s'], ['y'], { name: 'b' }),
      node('Relu', ['y'], ['y2'], { name: 'c' }),
    ];
    rejects(() => loadOnnxModel(save(g)), /the graph has a cycle: '(a|b|c)' -> '.' -> '.' -> '\1'/);
  });

  it('a missing initializer', () => {
    rejects(
      () => loadOnnxModel(save({ ...addRelu(), initializers: [] })),
      /missing initializer\?\): 'b' read by node 'add' \(Add\)/,
    );
  });

  it('unsupported ops: all of them listed in one error, before any compute', () => {
    const g = addRelu();
    g.nodes.push(
      node('FancyOp', ['y'], ['f1'], { name: 'f1' }),
      node('FancyOp', ['f1'], ['f2'], { name: 'f2' }),
      node('Mystery', ['f2'], ['z'], { name: 'm', domain: 'com.example' }),
    );
    g.opsets = [
      { domain: '', version: 13 },
      { domain: 'com.example', version: 1 },
    ];
    const before = tf.memory().numTensors;
    rejects(
      () => loadOnnxModel(save(g)),
      /2 unsupported operator\(s\), nothing was run: FancyOp \(domain ai\.onnx, opset 13; nodes 'f1', 'f2'\); Mystery \(domain com\.example, opset 1; node 'm'\)/,
    );
    assert.equal(tf.memory().numTensors, before);
  });

  it('a configuration an op refuses (OpImpl.unsupported) is listed with them', () => {
    const picky: OpRegistration = {
      opType: 'Picky',
      domain: '',
      since: 1,
      impl: {
        run: (inputs) => [inputs[0]!],
        unsupported: (n) => (n.attrs.mode === 2 ? 'mode 2 is not implemented' : undefined),
      },
    };
    const g = addRelu();
    g.nodes.push(node('Picky', ['y'], ['z'], { name: 'p', attribute: [attrInt('mode', 2)] }));
    g.outputs = [value('z', ['N', 3])];
    const registry = new OpRegistry([...allRegistrations(), picky]);
    rejects(
      () => loadOnnxModel(save(g), { registry }),
      /Picky \(domain ai\.onnx, opset 13: mode 2 is not implemented; node 'p'\)/,
    );
  });

  it('an op at an opset older than its implementations', () => {
    rejects(
      () => loadOnnxModel(save({ ...addRelu(), opset: 0 })),
      /Add \(domain ai\.onnx, opset 0; implemented for opsets/,
    );
  });

  it('an input of the wrong rank or size', () => {
    const m = loadOnnxModel(save(addRelu()));
    rejects(
      () => m.run(tf.zeros([2, 3, 1])),
      /input 'x' is \[\?,3\] \(batch first\) but the tensor given is \[2,3,1\]/,
    );
    rejects(() => m.run(tf.zeros([2, 4])), /input 'x' is \[\?,3\]/);
    m.dispose();
  });

  it('an input with a symbolic dimension besides the batch', () => {
    rejects(
      () => loadOnnxModel(save({ ...addRelu(), inputs: [value('x', ['N', 'features'])] })),
      /symbolic dimension 'features' at axis 1/,
    );
  });
});

describe('ONNX graph plan', () => {
  it('orders nodes listed out of order and folds constant subgraphs', () => {
    // y = reshape(relu(x + b), shape(c)) with c a Constant: Shape(c) is known at import
    const g = addRelu();
    g.nodes.push(
      node('Reshape', ['y', 'shp'], ['out'], { name: 'reshape' }),
      node('Shape', ['c'], ['shp'], { name: 'shape' }),
      node('Constant', [], ['c'], {
        name: 'const',
        attribute: [{ name: 'value', type: 4, t: floats('', [1, 3], [0, 0, 0]) }],
      }),
    );
    g.outputs = [value('out', ['N', 3])];
    const plan = buildPlan(parseOnnx(modelBytes(g), 'folded.onnx'));
    assert.deepEqual(
      plan.steps.map((s) => s.node.name),
      ['add', 'act', 'reshape'],
    );
    assert.deepEqual([...(plan.constants.get('shp')!.exact as BigInt64Array)], [1n, 3n]);
  });
});

describe('ONNX subgraphs', () => {
  it('ctx.runGraph runs a body that reads values of the enclosing graph', () => {
    // test.Call(x) runs its `body` attribute on x; the body adds the outer value `s`
    const call: OpRegistration = {
      opType: 'Call',
      domain: 'test',
      since: 1,
      impl: {
        run: (inputs, ctx) => {
          const body = ctx.node.attrs.body as OnnxGraph;
          const out = ctx.runGraph!(body, new Map([['inner', inputs[0]!]]));
          return [out.get('bodyOut')!];
        },
      },
    };
    const g = addRelu();
    g.nodes.push(
      node('Call', ['y'], ['z'], {
        name: 'call',
        domain: 'test',
        attribute: [
          {
            name: 'body',
            type: 5,
            g: {
              name: 'body',
              node: [node('Add', ['inner', 's'], ['bodyOut'], { name: 'inner_add' })],
              input: [value('inner', ['N', 3])],
              output: [value('bodyOut', ['N', 3])],
            },
          },
        ],
      }),
    );
    g.outputs = [value('z', ['N', 3])];
    g.opsets = [
      { domain: '', version: 13 },
      { domain: 'test', version: 1 },
    ];
    const registry = new OpRegistry([...allRegistrations(), call]);
    const m = loadOnnxModel(save(g), { registry });
    const x = tf.tensor([[1, -5, 0]]);
    const z = m.run(x).output;
    // s = x + b = [2, -6, 0.5]; y = relu(s) = [2, 0, 0.5]; z = y + s
    assert.deepEqual([...z.dataSync()], [4, -6, 1]);
    tf.dispose([x, z]);
    m.dispose();
    rejects(() => loadOnnxModel(save(g)), /Call \(domain test, opset 1; node 'call'\)/);
  });
});
