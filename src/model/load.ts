import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { tf } from '../engine/tf.ts';
import { GlassboxError, msg } from '../messages.ts';
import type { Model } from './model.ts';
import { loadOnnxModel } from './onnx/model.ts';
import { GraphModelAdapter, LayersModelAdapter } from './tfjs.ts';
import { readModelFiles } from './tfjs_io.ts';
import { ZOO_NAMES, zooEntry } from './zoo.ts';

/**
 * Opens a model by zoo name (`fmnist-cnn`) or path (a model.json, a folder holding
 * one, or an .onnx file). The engine must be initialised first (initEngine).
 */
export async function loadModel(ref: string): Promise<Model> {
  const zoo = zooEntry(ref);
  let file = zoo ? zoo.file : path.resolve(ref);
  if (!zoo && !existsSync(file)) throw new GlassboxError(msg.noSuchModel(ref, ZOO_NAMES));
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'model.json');
  if (file.toLowerCase().endsWith('.onnx')) return loadOnnxModel(file);
  if (!file.endsWith('.json')) throw new GlassboxError(msg.modelFormatUnknown(file));
  const files = readModelFiles(file);
  const name = zoo ? zoo.name : path.basename(path.dirname(file));
  const classNames = Array.isArray(files.metadata.classNames)
    ? (files.metadata.classNames as string[])
    : undefined;
  const meta = { name, hash: files.hash, classNames };
  try {
    if (files.format === 'graph-model') {
      const net = await tf.loadGraphModel(files.handler);
      return new GraphModelAdapter(net, files.artifacts.modelTopology as { node?: [] }, meta);
    }
    const net = await tf.loadLayersModel(files.handler);
    return new LayersModelAdapter(net, meta);
  } catch (e) {
    if (e instanceof GlassboxError) throw e;
    throw new GlassboxError(msg.modelJsonCorrupt(file, (e as Error).message));
  }
}
