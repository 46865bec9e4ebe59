/** The models bundled with Glassbox, each trained by scripts/train.ts into zoo/<name>/. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ZOO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../zoo');

export interface ZooEntry {
  name: string;
  /** path of model.json */
  file: string;
  /** the card's first paragraph */
  summary: string;
  card: string;
}

export const ZOO_NAMES = ['mnist-cnn', 'fmnist-cnn', 'mnist-mlp'] as const;
export type ZooName = (typeof ZOO_NAMES)[number];

export function zooEntry(name: string): ZooEntry | undefined {
  if (!(ZOO_NAMES as readonly string[]).includes(name)) return undefined;
  const dir = path.join(ZOO_DIR, name);
  const cardFile = path.join(dir, 'card.md');
  const card = existsSync(cardFile) ? readFileSync(cardFile, 'utf8') : '';
  const summary =
    card
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .find((p) => p && !p.startsWith('#')) ?? '';
  return { name, file: path.join(dir, 'model.json'), summary: summary.replace(/\s+/g, ' '), card };
}

export function listZoo(): ZooEntry[] {
  return ZOO_NAMES.map((n) => zooEntry(n)!);
}
