/**
 * Small ONNX models written in tests with the generated schema (create + toBinary of
 * @bufbuild/protobuf), for the importer's error paths and unit tests.
 */
import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as A,
  type AttributeProtoSchema,
  ModelProtoSchema,
  type NodeProtoSchema,
  type ValueInfoProtoSchema,
} from '../../src/data/proto/onnx_model_pb.ts';
import { TensorProto_DataType as T, type TensorProtoSchema } from '../../src/data/proto/onnx_tensor_pb.ts';

type ValueInfoProto = typeof ValueInfoProtoSchema;
type TensorProto = typeof TensorProtoSchema;
type AttributeProto = typeof AttributeProtoSchema;
type NodeProto = typeof NodeProtoSchema;
type Init<S extends Parameters<typeof create>[0]> = MessageInitShape<S>;

/** A value of a float (or `type`) tensor; a string dim is symbolic, null unknown. */
export function value(
  name: string,
  dims: (number | string | null)[] | null,
  type = T.FLOAT,
): Init<ValueInfoProto> {
  const shape =
    dims === null
      ? undefined
      : {
          dim: dims.map((d) => ({
            value:
              typeof d === 'number'
                ? { case: 'dimValue' as const, value: BigInt(d) }
                : d === null
                  ? { case: undefined }
                  : { case: 'dimParam' as const, value: d },
          })),
        };
  return { name, type: { value: { case: 'tensorType', value: { elemType: type, shape } } } };
}

export function floats(name: string, dims: number[], values: number[]): Init<TensorProto> {
  return { name, dims: dims.map(BigInt), dataType: T.FLOAT, floatData: values };
}

export function int64s(name: string, dims: number[], values: number[]): Init<TensorProto> {
  return { name, dims: dims.map(BigInt), dataType: T.INT64, int64Data: values.map(BigInt) };
}

export function attrInts(name: string, ints: number[]): Init<AttributeProto> {
  return { name, type: A.INTS, ints: ints.map(BigInt) };
}

export function attrInt(name: string, i: number): Init<AttributeProto> {
  return { name, type: A.INT, i: BigInt(i) };
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  extra: Init<NodeProto> = {},
): Init<NodeProto> {
  return { opType, input: inputs, output: outputs, ...extra };
}

export interface GraphSpec {
  nodes: Init<NodeProto>[];
  inputs: Init<ValueInfoProto>[];
  outputs: Init<ValueInfoProto>[];
  initializers?: Init<TensorProto>[];
  valueInfo?: Init<ValueInfoProto>[];
  opset?: number;
  opsets?: { domain: string; version: number }[];
  metadata?: Record<string, string>;
}

/** The bytes of a model holding one graph. */
export function modelBytes(g: GraphSpec): Uint8Array {
  const m = create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'glassbox-test',
    opsetImport: (g.opsets ?? [{ domain: '', version: g.opset ?? 13 }]).map((o) => ({
      domain: o.domain,
      version: BigInt(o.version),
    })),
    metadataProps: Object.entries(g.metadata ?? {}).map(([key, v]) => ({ key, value: v })),
    graph: {
      name: 'g',
      node: g.nodes,
      input: g.inputs,
      output: g.outputs,
      initializer: g.initializers ?? [],
      valueInfo: g.valueInfo ?? [],
    },
  } as never);
  return toBinary(ModelProtoSchema, m);
}
