/**
 * ONNX bytes -> OnnxGraph (see types.ts), with the model's operator sets and metadata.
 * Decoding is @bufbuild/protobuf's, from our own schema (src/data/proto/onnx_model.proto);
 * tensors go through src/data/tensorproto.ts. Tensors with external data are read from
 * files beside the model (location relative to it, optional offset and length).
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { DataError } from '../../data/errors.ts';
import {
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  type ValueInfoProto,
} from '../../data/proto/onnx_model_pb.ts';
import {
  type TensorProto,
  TensorProto_DataLocation,
  TensorProto_DataType,
} from '../../data/proto/onnx_tensor_pb.ts';
import { tensorFromProto } from '../../data/tensorproto.ts';
import { decodeAttr } from './attrs.ts';
import { HOST_KEEP_LIMIT } from './host.ts';
import { onnxMsg } from './messages.ts';
import { alignRawInPlace } from './raw_align.ts';
import { type AttrValue, type HostTensor, type OnnxGraph, OnnxImportError, type ValueInfo } from './types.ts';

export interface OnnxFile {
  /** the file's path, or a name for bytes that came from elsewhere */
  path: string;
  irVersion: number;
  /** e.g. 'pytorch 1.13.1' */
  producer: string;
  /** operator set versions by domain; '' is ai.onnx */
  opsets: Map<string, number>;
  metadata: Record<string, string>;
  graph: OnnxGraph;
}

/** Reads the external data files of one model; closes them in `close()`. */
class ExternalFiles {
  private readonly fds = new Map<string, number>();
  constructor(
    private readonly file: string,
    private readonly dir: string | undefined,
  ) {}

  read(t: TensorProto): Uint8Array {
    const entry = (k: string) => t.externalData.find((e) => e.key === k)?.value;
    const location = entry('location') ?? '';
    const full = this.dir === undefined ? '' : path.resolve(this.dir, location);
    const inside = this.dir !== undefined && full.startsWith(path.resolve(this.dir) + path.sep);
    if (!location || path.isAbsolute(location) || !inside)
      throw new OnnxImportError(onnxMsg.externalPath(this.file, t.name, location));
    let fd = this.fds.get(full);
    if (fd === undefined) {
      if (!existsSync(full)) throw new OnnxImportError(onnxMsg.externalMissing(this.file, t.name, location));
      fd = openSync(full, 'r');
      this.fds.set(full, fd);
    }
    const size = fstatSync(fd).size;
    const offset = Number(entry('offset') ?? 0);
    const length = entry('length') === undefined ? size - offset : Number(entry('length'));
    if (!(offset >= 0 && length >= 0 && offset + length <= size))
      throw new OnnxImportError(onnxMsg.externalShort(this.file, t.name, location, offset + length, size));
    const out = new Uint8Array(length);
    readSync(fd, out, 0, length, offset);
    return out;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
  }
}

class Converter {
  constructor(
    readonly file: string,
    readonly external: ExternalFiles,
    /** the model's bytes when the importer owns them (it may then realign them, see raw_align.ts) */
    readonly owned?: Uint8Array,
  ) {}

  /**
   * A tensor's values. Big float initializers (which the executor keeps no host copy of)
   * are views of the bytes they were read from where those are ours; everything else is
   * copied, so that nothing small pins the whole file in memory.
   */
  tensor(t: TensorProto, what: string, initializer = false): HostTensor {
    const ext = t.dataLocation === TensorProto_DataLocation.EXTERNAL ? this.external.read(t) : undefined;
    let alias = false;
    if (initializer && t.dataType === TensorProto_DataType.FLOAT) {
      const big = (ext ?? t.rawData).length > 4 * HOST_KEEP_LIMIT;
      if (ext) alias = big;
      else if (big && this.owned) {
        const aligned = alignRawInPlace(t.rawData, this.owned);
        if (aligned) t.rawData = aligned;
        alias = aligned !== undefined;
      }
    }
    try {
      const d = tensorFromProto(t, what, ext, alias);
      return {
        dataType: d.dataType,
        shape: d.shape,
        values: d.values,
        ...(d.exact ? { exact: d.exact } : {}),
      };
    } catch (e) {
      if (e instanceof DataError) throw new OnnxImportError(onnxMsg.badTensor(this.file, e.message));
      throw e;
    }
  }

  graph(g: GraphProto): OnnxGraph {
    const initializers = new Map<string, HostTensor>();
    for (const t of g.initializer) initializers.set(t.name, this.tensor(t, `initializer '${t.name}'`, true));
    const used = new Set<string>();
    const nodes = g.node.map((n, index) => {
      let name = n.name || `${n.opType}_${index}`;
      if (used.has(name)) name = `${name}_${index}`;
      for (let k = 1; used.has(name); k++) name = `${n.name || n.opType}_${index}_${k}`;
      used.add(name);
      const attrs: Record<string, AttrValue> = {};
      for (const a of n.attribute) {
        attrs[a.name] = decodeAttr(
          a,
          {
            tensor: (t, what) => this.tensor(t, `node '${name}', attribute '${what}'`),
            graph: (sub) => this.graph(sub),
            fail: (why) => {
              throw new OnnxImportError(onnxMsg.badAttribute(this.file, name, a.name, why));
            },
          },
          a.name,
        );
      }
      return {
        name,
        opType: n.opType,
        domain: n.domain,
        inputs: [...n.input],
        outputs: [...n.output],
        attrs,
      };
    });
    return {
      name: g.name,
      nodes,
      inputs: g.input.filter((v) => !initializers.has(v.name)).map(valueInfo),
      outputs: g.output.map(valueInfo),
      initializers,
      valueInfo: new Map(g.valueInfo.map((v) => [v.name, valueInfo(v)])),
    };
  }
}

function valueInfo(v: ValueInfoProto): ValueInfo {
  const t = v.type?.value;
  if (t?.case !== 'tensorType') {
    return { name: v.name, dataType: t?.case === 'sequenceType' ? 'SEQUENCE' : 'UNDEFINED', shape: null };
  }
  const dataType = TensorProto_DataType[t.value.elemType] ?? String(t.value.elemType);
  const dims = t.value.shape?.dim;
  const shape = dims
    ? dims.map((d) =>
        d.value.case === 'dimValue'
          ? Number(d.value.value)
          : d.value.case === 'dimParam'
            ? d.value.value
            : null,
      )
    : null;
  return { name: v.name, dataType, shape };
}

/**
 * Decodes a model. `file` names it in errors and locates its external data (the bytes of a
 * model read from elsewhere cannot have external data: pass no file). With `owned`, the
 * bytes are the importer's to keep and rearrange: big float initializers become views of
 * them instead of copies (the bytes must not be used for anything else afterwards).
 */
export function parseOnnx(bytes: Uint8Array, file?: string, owned = false): OnnxFile {
  const name = file ?? '<onnx bytes>';
  let m: ModelProto;
  try {
    m = fromBinary(ModelProtoSchema, bytes);
  } catch (e) {
    throw new OnnxImportError(onnxMsg.notOnnx(name, (e as Error).message));
  }
  if (!m.graph) throw new OnnxImportError(onnxMsg.noGraph(name));
  if (m.opsetImport.length === 0) throw new OnnxImportError(onnxMsg.noOpset(name));
  const external = new ExternalFiles(name, file === undefined ? undefined : path.dirname(path.resolve(file)));
  try {
    const graph = new Converter(name, external, owned ? bytes : undefined).graph(m.graph);
    const opsets = new Map(
      m.opsetImport.map((o) => [o.domain === 'ai.onnx' ? '' : o.domain, Number(o.version)]),
    );
    return {
      path: name,
      irVersion: Number(m.irVersion),
      producer: `${m.producerName} ${m.producerVersion}`.trim(),
      opsets,
      metadata: Object.fromEntries(m.metadataProps.map((e) => [e.key, e.value])),
      graph,
    };
  } finally {
    external.close();
  }
}

/** Reads and decodes an ONNX file. */
export function readOnnx(file: string): OnnxFile {
  if (!existsSync(file)) throw new OnnxImportError(`model file not found: ${file}`);
  return parseOnnx(readFileSync(file), file, true);
}
