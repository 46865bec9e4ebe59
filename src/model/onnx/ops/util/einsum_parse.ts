/**
 * Parsing an Einsum equation (ONNX Einsum, numpy conventions): terms of letters [a-zA-Z]
 * separated by ',', an optional '->' and output term, and '...' for broadcast dimensions.
 * Without '->' the output is the ellipsis dims followed by the letters that occur exactly
 * once, in alphabetical order. Ellipsis dims become private labels, aligned from the
 * right across operands so that they broadcast like numpy.
 */
export interface EinsumSpec {
  inputs: string[][];
  output: string[];
}

const ELLIPSIS = '...';
/** private labels for ellipsis dims: they cannot clash with letters */
const ellLabel = (k: number) => String.fromCharCode(0x3b1 + k);

function splitTerm(term: string, error: (m: string) => never): { letters: string[]; ellipsis: number } {
  const at = term.indexOf(ELLIPSIS);
  if (at >= 0 && term.indexOf(ELLIPSIS, at + 1) >= 0) error(`'${term}' has two ellipses`);
  const bare = at >= 0 ? term.slice(0, at) + term.slice(at + 3) : term;
  if (!/^[a-zA-Z]*$/.test(bare)) error(`'${term}' holds characters other than letters and '...'`);
  return { letters: [...term], ellipsis: at };
}

export function parseEinsum(equation: string, ranks: number[], error: (m: string) => never): EinsumSpec {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs, ...rest] = eq.split('->');
  if (rest.length > 0) error(`'${equation}' has more than one '->'`);
  const terms = lhs.split(',');
  if (terms.length !== ranks.length)
    error(`'${equation}' has ${terms.length} operands but the node ${ranks.length}`);
  const parsed = terms.map((t) => splitTerm(t, error));
  const ellRanks = parsed.map((p, i) => {
    const letters = p.letters.length - (p.ellipsis >= 0 ? 3 : 0);
    const n = ranks[i] - letters;
    if (n < 0 || (n > 0 && p.ellipsis < 0))
      error(`term '${terms[i]}' does not fit an operand of rank ${ranks[i]}`);
    return n;
  });
  const maxEll = Math.max(0, ...ellRanks);
  const expand = (term: string, at: number, n: number): string[] => {
    if (at < 0) return [...term];
    const ell = Array.from({ length: n }, (_, k) => ellLabel(maxEll - n + k));
    return [...term.slice(0, at), ...ell, ...term.slice(at + 3)];
  };
  const inputs = terms.map((t, i) => expand(t, parsed[i].ellipsis, ellRanks[i]));
  if (rhs !== undefined) {
    const out = splitTerm(rhs, error);
    const output = expand(rhs, out.ellipsis, maxEll);
    if (new Set(output).size !== output.length) error(`output '${rhs}' repeats a label`);
    const known = new Set(inputs.flat());
    for (const l of output) if (!known.has(l)) error(`output label '${l}' is in no operand`);
    return { inputs, output };
  }
  const counts = new Map<string, number>();
  for (const l of terms.join('').replaceAll('.', '')) counts.set(l, (counts.get(l) ?? 0) + 1);
  const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l);
  const ell = Array.from({ length: maxEll }, (_, k) => ellLabel(k));
  return { inputs, output: [...ell, ...once.sort()] };
}
