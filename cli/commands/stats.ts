import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { GlassboxError } from '../../src/messages.ts';
import { dcor } from '../../src/stats/dcor.ts';
import { checkPair, StatsError } from '../../src/stats/errors.ts';
import { kendall } from '../../src/stats/kendall.ts';
import { miBinned } from '../../src/stats/mi_binned.ts';
import { miKsg } from '../../src/stats/mi_ksg.ts';
import { micDetails } from '../../src/stats/mic.ts';
import { pearson } from '../../src/stats/pearson.ts';
import { spearman } from '../../src/stats/spearman.ts';
import { action, printJson, table } from '../common.ts';

interface StatsOptions {
  x?: string;
  y?: string;
  matrix?: string;
  alpha: string;
  c: string;
  k: string;
  bins?: string;
  strategy: string;
  json?: boolean;
}

const MEASURES = ['pearson', 'spearman', 'kendall', 'dcor', 'mi-ksg', 'mi-binned', 'mic'] as const;
type Measure = (typeof MEASURES)[number];
type Row = { value: number | null; [extra: string]: number | null };

const num = (name: string, v: string): number => {
  const x = Number(v);
  if (!Number.isFinite(x)) throw new GlassboxError(`--${name} must be a number, got '${v}'`);
  return x;
};
const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new GlassboxError(`cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new GlassboxError(`${file} is not valid JSON (${(e as Error).message})`);
  }
}

function toVector(v: unknown, where: string): Float64Array {
  if (!Array.isArray(v)) throw new GlassboxError(`${where} must be a JSON array of numbers`);
  const out = new Float64Array(v.length);
  v.forEach((e, i) => {
    if (typeof e !== 'number' || !Number.isFinite(e))
      throw new GlassboxError(`${where}[${i}] is ${JSON.stringify(e)}: values must be finite numbers`);
    out[i] = e;
  });
  return out;
}

/** Columns of a matrix file: [{"name": "a", "values": [...]}, ...] or {"a": [...], ...}. */
function readColumns(file: string): { names: string[]; cols: Float64Array[] } {
  const data = readJson(file);
  const entries: [string, unknown][] = Array.isArray(data)
    ? data.map((c, i) => {
        if (typeof c !== 'object' || c === null || !('values' in c))
          throw new GlassboxError(`${file}[${i}] must be {"name": ..., "values": [...]}`);
        const o = c as { name?: unknown; values: unknown };
        return [String(o.name ?? `col${i}`), o.values];
      })
    : typeof data === 'object' && data !== null
      ? Object.entries(data)
      : [];
  if (entries.length < 2) throw new GlassboxError(`${file} must hold at least two named columns`);
  return {
    names: entries.map(([n]) => n),
    cols: entries.map(([n, v]) => toVector(v, `${file} column '${n}'`)),
  };
}

function compute(measure: Measure, x: Float64Array, y: Float64Array, o: StatsOptions): Row {
  const minN = measure === 'mic' ? 4 : measure === 'mi-ksg' ? num('k', o.k) + 1 : 2;
  checkPair(measure, x, y, minN);
  switch (measure) {
    case 'pearson':
      return { value: finiteOrNull(pearson(x, y)) };
    case 'spearman':
      return { value: finiteOrNull(spearman(x, y)) };
    case 'kendall':
      return { value: finiteOrNull(kendall(x, y)) };
    case 'dcor':
      return { value: finiteOrNull(dcor(x, y)) };
    case 'mi-ksg':
      return { value: miKsg(x, y, { k: num('k', o.k) }) };
    case 'mi-binned': {
      const strategy = o.strategy;
      if (strategy !== 'width' && strategy !== 'frequency')
        throw new GlassboxError(`--strategy must be width or frequency, got '${strategy}'`);
      return { value: miBinned(x, y, { bins: o.bins ? num('bins', o.bins) : undefined, strategy }) };
    }
    case 'mic': {
      const r = micDetails(x, y, { alpha: num('alpha', o.alpha), c: num('c', o.c) });
      return { value: r.mic, mas: r.mas, mev: r.mev, mcn: r.mcn, mcnGeneral: r.mcnGeneral, tic: r.tic };
    }
  }
}

const fmt = (v: number | null) => (v == null ? 'undefined' : v.toFixed(6));

export function register(program: Command): void {
  program
    .command('stats')
    .description('Dependence between two variables (or all pairs of columns): correlations, MI, MIC.')
    .argument('<measure>', MEASURES.join(' | '))
    .option('--x <file>', 'JSON array of numbers')
    .option('--y <file>', 'JSON array of numbers, as long as x')
    .option('--matrix <file>', 'JSON array of named columns [{"name", "values"}]: every pair')
    .option('--alpha <a>', 'mic: grid budget B = max(n^alpha, 4)', '0.6')
    .option('--c <c>', 'mic: clumps per column', '15')
    .option('--k <k>', 'mi-ksg: neighbours', '3')
    .option('--bins <b>', 'mi-binned: bins per variable (default max(2, floor(sqrt(n/5))))')
    .option('--strategy <s>', 'mi-binned: width or frequency', 'width')
    .option('--json', 'print machine-readable JSON on stdout')
    .action(
      action((measure: string, o: StatsOptions) => {
        try {
          if (!(MEASURES as readonly string[]).includes(measure))
            throw new GlassboxError(`unknown measure '${measure}' (one of ${MEASURES.join(', ')})`);
          const m = measure as Measure;
          if (o.matrix) {
            const { names, cols } = readColumns(o.matrix);
            const pairs: { x: string; y: string; value: number | null }[] = [];
            const matrix = names.map(() => names.map((): number | null => null));
            for (let i = 0; i < cols.length; i++)
              for (let j = i + 1; j < cols.length; j++) {
                const r = compute(m, cols[i], cols[j], o);
                pairs.push({ x: names[i], y: names[j], ...r });
                matrix[i][j] = matrix[j][i] = r.value;
              }
            if (o.json) return printJson({ measure: m, names, matrix, pairs });
            process.stdout.write(
              `${table(
                pairs.map((p) => [p.x, p.y, fmt(p.value)]),
                ['x', 'y', m],
              )}\n`,
            );
            return;
          }
          if (!o.x || !o.y) throw new GlassboxError('give --x and --y (JSON arrays), or --matrix');
          const r = compute(m, toVector(readJson(o.x), o.x), toVector(readJson(o.y), o.y), o);
          if (o.json) return printJson({ measure: m, ...r });
          for (const [key, v] of Object.entries(r))
            process.stdout.write(`${key === 'value' ? m : key}  ${fmt(v)}\n`);
        } catch (e) {
          if (e instanceof StatsError) throw new GlassboxError(e.message);
          throw e;
        }
      }),
    );
}
