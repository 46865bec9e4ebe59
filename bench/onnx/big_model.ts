/**
 * A generated ONNX model of about `mb` megabytes of float32 weights, for the import memory
 * check of bench/onnx.ts: x [batch, d] -> Gemm(W1 [d, h], b1) -> Relu -> Gemm(W2 [h, h])
 * -> y, written with our own schema and @bufbuild/protobuf's toBinary (no python needed).
 * The weights are a deterministic pattern (no Math.random).
 */
import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType,
  ModelProtoSchema,
  type ValueInfoProtoSchema,
} from '../../src/data/proto/onnx_model_pb.ts';
import { TensorProto_DataType } from '../../src/data/proto/onnx_tensor_pb.ts';

/** Little-endian float32 bytes of a smooth, bounded, deterministic pattern. */
function weights(n: number, seed: number): Uint8Array {
  const f = new Float32Array(n);
  for (let i = 0; i < n; i++) f[i] = 0.02 * Math.sin(i * 0.618034 + seed);
  return new Uint8Array(f.buffer);
}

const valueInfo = (
  name: string,
  dims: (number | string)[],
): MessageInitShape<typeof ValueInfoProtoSchema> => ({
  name,
  type: {
    value: {
      case: 'tensorType' as const,
      value: {
        elemType: TensorProto_DataType.FLOAT,
        shape: {
          dim: dims.map((d) => ({
            value:
              typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
          })),
        },
      },
    },
  },
});

/** The model's bytes and its weight size in bytes. */
export function bigGemmModel(mb = 100): { bytes: Uint8Array; weightBytes: number; inputDim: number } {
  // d*h + h*h floats = mb MB with d = h/2: 1.5 h^2 * 4 bytes
  const h = Math.round(Math.sqrt((mb * 1e6) / 6) / 64) * 64;
  const d = h / 2;
  const tensor = (name: string, dims: number[], seed: number) => ({
    name,
    dims: dims.map(BigInt),
    dataType: TensorProto_DataType.FLOAT,
    rawData: weights(
      dims.reduce((a, b) => a * b, 1),
      seed,
    ),
  });
  const gemm = (name: string, inputs: string[], out: string) => ({
    name,
    opType: 'Gemm',
    input: inputs,
    output: [out],
    attribute: [{ name: 'transB', i: 0n, type: AttributeProto_AttributeType.INT }],
  });
  const model = create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'glassbox-bench',
    opsetImport: [{ domain: '', version: 13n }],
    graph: {
      name: 'big_gemm',
      node: [
        gemm('fc1', ['x', 'W1', 'b1'], 'h1'),
        { name: 'relu', opType: 'Relu', input: ['h1'], output: ['a1'] },
        gemm('fc2', ['a1', 'W2'], 'y'),
      ],
      initializer: [tensor('W1', [d, h], 1), tensor('b1', [h], 2), tensor('W2', [h, h], 3)],
      input: [valueInfo('x', ['batch', d])],
      output: [valueInfo('y', ['batch', h])],
    },
  });
  return { bytes: toBinary(ModelProtoSchema, model), weightBytes: 4 * (d * h + h + h * h), inputDim: d };
}
