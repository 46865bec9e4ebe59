/**
 * Reads a TF.js model (model.json + weight shards) from disk without tfjs-node, checking
 * every file so that a broken model gives one clear message instead of a stack trace.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { GlassboxError, msg } from '../messages.ts';

export interface ModelFiles {
  /** what tf.loadLayersModel / tf.loadGraphModel take */
  handler: io.IOHandler;
  artifacts: io.ModelArtifacts;
  format: 'layers-model' | 'graph-model';
  hash: string;
  /** model.json's userDefinedMetadata, e.g. class names written by our training script */
  metadata: Record<string, unknown>;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

function specBytes(spec: io.WeightsManifestEntry): number | null {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  if (dtype === 'string' || BYTES[dtype] == null) return null;
  return n * BYTES[dtype];
}

/** Reads and validates model.json and its shards at `file`. */
export function readModelFiles(file: string): ModelFiles {
  if (!existsSync(file)) throw new GlassboxError(msg.modelFileMissing(file));
  let json: io.ModelJSON;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new GlassboxError(msg.modelJsonCorrupt(file, (e as Error).message));
  }
  if (json == null || typeof json !== 'object' || json.modelTopology == null) {
    throw new GlassboxError(msg.modelJsonCorrupt(file, 'no modelTopology'));
  }
  if (!Array.isArray(json.weightsManifest)) {
    throw new GlassboxError(msg.modelJsonCorrupt(file, 'no weightsManifest'));
  }
  const topo = json.modelTopology as Record<string, unknown>;
  const format: ModelFiles['format'] =
    json.format === 'graph-model' || Array.isArray(topo.node) ? 'graph-model' : 'layers-model';

  const dir = path.dirname(file);
  const specs: io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  const hash = createHash('sha256').update(JSON.stringify(json.modelTopology));
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const shard = path.join(dir, p);
      if (!existsSync(shard)) throw new GlassboxError(msg.weightShardMissing(file, p));
      const b = readFileSync(shard);
      buffers.push(b);
      hash.update(b);
    }
  }
  const data = Buffer.concat(buffers);
  const sizes = specs.map(specBytes);
  if (sizes.every((s) => s != null)) {
    const expected = (sizes as number[]).reduce((a, b) => a + b, 0);
    if (expected !== data.length)
      throw new GlassboxError(msg.weightSizeMismatch(file, expected, data.length));
  }
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const artifacts: io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs: specs,
    weightData,
    userDefinedMetadata: json.userDefinedMetadata,
    modelInitializer: json.modelInitializer,
    signature: json.signature,
  };
  return {
    handler: { load: async () => artifacts },
    artifacts,
    format,
    hash: hash.digest('hex'),
    metadata: (json.userDefinedMetadata ?? {}) as Record<string, unknown>,
  };
}
