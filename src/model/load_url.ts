/**
 * Opens a TF.js model (layers or graph) from a URL: what the browser build uses, and works
 * in Node 20 through its global fetch. Same Model interface as loadModel.
 */
import { tf } from '../engine/tf.ts';
import { GlassboxError, msg } from '../messages.ts';
import type { Model } from './model.ts';
import { GraphModelAdapter, LayersModelAdapter } from './tfjs.ts';

async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function loadModelFromUrl(
  url: string,
  name = url.split('/').slice(-2, -1)[0] || url,
): Promise<Model> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new GlassboxError(`cannot fetch ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new GlassboxError(`cannot fetch ${url}: HTTP ${res.status}`);
  const text = await res.text();
  let json: {
    format?: string;
    modelTopology?: { node?: { name: string; op: string }[] };
    userDefinedMetadata?: { classNames?: string[] };
  };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new GlassboxError(msg.modelJsonCorrupt(url, (e as Error).message));
  }
  const meta = {
    name,
    // The topology only: weights are fetched by tfjs and not hashed here.
    hash: await sha256Hex(new TextEncoder().encode(text)),
    classNames: json.userDefinedMetadata?.classNames,
  };
  const opts = { fetchFunc: fetch };
  try {
    if (json.format === 'graph-model' || Array.isArray(json.modelTopology?.node)) {
      return new GraphModelAdapter(await tf.loadGraphModel(url, opts), json.modelTopology ?? {}, meta);
    }
    return new LayersModelAdapter(await tf.loadLayersModel(url, opts), meta);
  } catch (e) {
    if (e instanceof GlassboxError) throw e;
    throw new GlassboxError(msg.modelJsonCorrupt(url, (e as Error).message));
  }
}
