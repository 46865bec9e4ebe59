/** The pictures of `glassbox explain`: one method in detail, or every method side by side. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MetricReport } from '../src/methods/metrics/suite.ts';
import type { Model } from '../src/model/model.ts';
import { type GridCell, type GridSpec, layoutGrid } from '../src/render/grid.ts';
import { type RgbImage, toRgb } from '../src/render/heatmap.ts';
import { attributionMap, type Map2d, resizeNearest } from '../src/render/maps.ts';
import { attributionPicture, overlay, sharedTop } from '../src/render/overlay.ts';
import { gridPng } from '../src/render/png.ts';
import { SIGN_COLORMAPS, type Sign } from '../src/render/signs.ts';
import { gridSvg } from '../src/render/svg.ts';

export interface Explained {
  method: string;
  /** flat values of the whole batch, in the model's layout */
  values: Float32Array;
  /** with the batch */
  shape: number[];
  targets: number[];
  metrics?: MetricReport;
  seconds: number;
}

/**
 * Example i of channels-last data as a picture: values in [0, 1] as they are, anything else
 * (normalised inputs) stretched from its minimum to its maximum; non-images as a one-row strip.
 */
export function inputPicture(xs: Float32Array, i: number, shape: readonly number[]): RgbImage {
  const size = shape.reduce((a, b) => a * b, 1);
  let v: ArrayLike<number> = xs.subarray(i * size, (i + 1) * size);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < v.length; k++) {
    lo = Math.min(lo, v[k]);
    hi = Math.max(hi, v[k]);
  }
  if (lo < 0 || hi > 1) {
    const [a, b] = [lo, hi - lo || 1];
    v = Array.from(v, (t) => (t - a) / b);
  }
  if (shape.length === 3 && (shape[2] === 1 || shape[2] === 3)) return toRgb(v, shape[0], shape[1], shape[2]);
  return toRgb(v, 1, size, 1);
}

/** Example i of an explanation as a map the size of the input picture. */
function mapOf(model: Model, e: Explained, i: number, like: RgbImage): Map2d {
  const size = e.values.length / e.shape[0];
  const m = attributionMap(e.values.subarray(i * size, (i + 1) * size), e.shape.slice(1), model.layout);
  return resizeNearest(m, like.height, like.width);
}

const f2 = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(2));
const g2 = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : v.toPrecision(2));

/** Short lines of metric values for example i, for a grid cell. */
export function metricLines(r: MetricReport | undefined, i: number): string | undefined {
  if (!r) return undefined;
  const lines: string[] = [];
  if (r.deletionAuc) lines.push(`del ${f2(r.deletionAuc[i])} ins ${f2(r.insertionAuc?.[i])}`);
  const parts: string[] = [];
  if (r.infidelity) parts.push(`inf ${g2(r.infidelity.values[i])}`);
  if (r.sensitivityMax) parts.push(`sens ${g2(r.sensitivityMax.relative[i])}`);
  if (parts.length) lines.push(parts.join(' '));
  const last = r.sanity?.steps.at(-1);
  const c = r.completeness ? ` cmp ${g2(r.completeness.error[i])}` : '';
  if (last || c) lines.push(`${last ? `rand ρ ${f2(last.spearman[i])}` : ''}${c}`.trim());
  return lines.join('\n');
}

function label(model: Model, target: number | undefined): string {
  if (target === undefined) return 'input';
  const name = model.classNames?.[target];
  return `class ${target}${name && name !== String(target) ? ` ${name}` : ''}`;
}

/** One method: per example, the input, the map and the map over the input, with one colour scale. */
export function singleGrid(model: Model, inputs: RgbImage[], e: Explained, sign: Sign): GridSpec {
  const maps = inputs.map((im, i) => mapOf(model, e, i, im));
  const top = sharedTop(maps, { sign });
  const cells: GridCell[] = [];
  inputs.forEach((im, i) => {
    cells.push({ image: im, title: label(model, e.targets[i]) });
    cells.push({
      image: attributionPicture(maps[i], { sign, top }).image,
      title: e.method,
      subtitle: metricLines(e.metrics, i),
    });
    cells.push({ image: overlay(im, maps[i], { sign, top }).image, title: 'overlay' });
  });
  return {
    title: `${e.method} on ${model.name}`,
    cells,
    columns: 3,
    colorbar: {
      colormap: SIGN_COLORMAPS[sign],
      min: sign === 'all' ? -top : 0,
      max: top,
      label: 'attribution',
    },
  };
}

/** Every method side by side, each on its own scale (its 99th percentile = the end of the bar). */
export function comparisonGrid(model: Model, inputs: RgbImage[], list: Explained[], sign: Sign): GridSpec {
  const cells: GridCell[] = [];
  const perMethod = list.map((e) => {
    const maps = inputs.map((im, i) => mapOf(model, e, i, im));
    return { maps, top: sharedTop(maps, { sign }) };
  });
  inputs.forEach((im, i) => {
    cells.push({ image: im, title: label(model, list[0]?.targets[i]) });
    list.forEach((e, k) => {
      const { maps, top } = perMethod[k];
      cells.push({
        image: attributionPicture(maps[i], { sign, top }).image,
        title: e.method,
        subtitle: metricLines(e.metrics, i),
      });
    });
  });
  return {
    title: `attribution methods on ${model.name}`,
    cells,
    // one example wraps into rows of 6; several keep one row each
    columns: inputs.length > 1 ? list.length + 1 : Math.min(list.length + 1, 6),
    colorbar: { colormap: SIGN_COLORMAPS[sign], min: sign === 'all' ? -1 : 0, max: 1, label: 'per map p99' },
  };
}

/** Writes the grid as SVG for a .svg file, else as PNG. */
export function writeGrid(file: string, spec: GridSpec): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const layout = layoutGrid(spec);
  writeFileSync(file, file.toLowerCase().endsWith('.svg') ? gridSvg(layout) : gridPng(layout));
}
