/**
 * The string form of objectives, for the CLI and the dashboard:
 * `channel(conv2,3) - 0.5*channel(conv2,7)`. A small recursive-descent parser:
 *
 * ```
 * expr    := term (('+' | '-') term)*
 * term    := unary ('*' unary)*
 * unary   := '-' unary | primary
 * primary := NUMBER | call ('@' INT)? | '(' expr ')'
 * call    := NAME '(' (arg (',' arg)*)? ')'
 * arg     := NUMBER | '-' NUMBER | NAME | '[' NUMBER (',' NUMBER)* ']'
 * ```
 * NAME is a layer or function name: letters, digits and `_ . / : -` (not starting with a
 * digit or `-`), so ONNX names like `/layer1/conv` work. `@i` restricts a call to image i of
 * the batch. Numbers times objectives scale them; objectives times objectives multiply.
 * Errors name the column.
 */
import { GlassboxError, msg } from '../../messages.ts';
import {
  channel,
  classLogit,
  deepdream,
  direction,
  diversity,
  l1,
  l2,
  mul,
  neuron,
  type Objective,
  scale,
  sum,
  totalVariation,
} from './objectives.ts';

type Arg = number | string | number[];
type Value = number | Objective;

interface Token {
  kind: 'num' | 'name' | 'op' | 'end';
  text: string;
  /** 1-based column */
  col: number;
}

const NAME_START = /[A-Za-z_/.]/;
const NAME_CHAR = /[A-Za-z0-9_./:-]/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = NUMBER.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'num', text: num[0], col: i + 1 });
      i += num[0].length;
    } else if (NAME_START.test(ch)) {
      let j = i + 1;
      while (j < src.length && NAME_CHAR.test(src[j])) j++;
      out.push({ kind: 'name', text: src.slice(i, j), col: i + 1 });
      i = j;
    } else if ('+-*(),[]@'.includes(ch)) {
      out.push({ kind: 'op', text: ch, col: i + 1 });
      i++;
    } else throw new GlassboxError(msg.fvSyntax(src, i + 1, `unexpected character '${ch}'`));
  }
  out.push({ kind: 'end', text: 'end of input', col: src.length + 1 });
  return out;
}

/** Each function of the string form: its arity and how it builds the objective. */
const FUNCTIONS: Record<string, { usage: string; build: (a: Arg[]) => Objective | undefined }> = {
  channel: { usage: 'channel(layer, c)', build: (a) => (is(a, 'sn') ? channel(a[0], a[1]) : undefined) },
  neuron: {
    usage: 'neuron(layer, c[, x, y])',
    build: (a) =>
      is(a, 'sn') ? neuron(a[0], a[1]) : is(a, 'snnn') ? neuron(a[0], a[1], a[2], a[3]) : undefined,
  },
  deepdream: { usage: 'deepdream(layer)', build: (a) => (is(a, 's') ? deepdream(a[0]) : undefined) },
  layer: { usage: 'layer(layer)', build: (a) => (is(a, 's') ? deepdream(a[0]) : undefined) },
  direction: {
    usage: 'direction(layer, [v0, v1, ...])',
    build: (a) => (is(a, 'sv') ? direction(a[0], a[1]) : undefined),
  },
  class_logit: {
    usage: 'class_logit(c[, layer])',
    build: (a) => (is(a, 'n') ? classLogit(a[0]) : is(a, 'ns') ? classLogit(a[0], a[1]) : undefined),
  },
  l1: { usage: 'l1([constant])', build: (a) => (is(a, '') ? l1() : is(a, 'n') ? l1(a[0]) : undefined) },
  l2: { usage: 'l2([constant])', build: (a) => (is(a, '') ? l2() : is(a, 'n') ? l2(a[0]) : undefined) },
  total_variation: { usage: 'total_variation()', build: (a) => (is(a, '') ? totalVariation() : undefined) },
  tv: { usage: 'tv()', build: (a) => (is(a, '') ? totalVariation() : undefined) },
  diversity: { usage: 'diversity(layer)', build: (a) => (is(a, 's') ? diversity(a[0]) : undefined) },
};

/** An argument list already checked against a signature, so each entry reads as its checked kind. */
type Checked = (string & number & number[])[];

/** Whether args match a signature: s string, n number, v vector. */
function is(a: Arg[], sig: string): a is Checked {
  if (a.length !== sig.length) return false;
  return [...sig].every((k, i) =>
    k === 's' ? typeof a[i] === 'string' : k === 'n' ? typeof a[i] === 'number' : Array.isArray(a[i]),
  );
}

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {}

  private get tok(): Token {
    return this.toks[this.pos];
  }

  private fail(what: string, col = this.tok.col): never {
    throw new GlassboxError(msg.fvSyntax(this.src, col, what));
  }

  private eat(text: string): boolean {
    if (this.tok.kind === 'op' && this.tok.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(text: string, context: string): void {
    if (!this.eat(text)) this.fail(`expected '${text}' ${context}, found ${describe(this.tok)}`);
  }

  parse(): Objective {
    const v = this.expr();
    if (this.tok.kind !== 'end') this.fail(`unexpected ${describe(this.tok)}`);
    if (typeof v === 'number') this.fail('the expression is a number, not an objective', 1);
    return v;
  }

  private expr(): Value {
    const first = this.tok.col;
    const terms: { v: Value; col: number }[] = [{ v: this.term(), col: first }];
    for (;;) {
      const col = this.tok.col;
      if (this.eat('+')) terms.push({ v: this.term(), col });
      else if (this.eat('-')) terms.push({ v: this.times(-1, this.term(), col), col });
      else break;
    }
    if (terms.length === 1) return terms[0].v;
    const constant = terms.find((t) => typeof t.v === 'number');
    if (constant) this.fail('a constant cannot be added to an objective (it has no gradient)', constant.col);
    return sum(...terms.map((t) => t.v as Objective));
  }

  private term(): Value {
    let v = this.unary();
    for (;;) {
      const col = this.tok.col;
      if (!this.eat('*')) return v;
      v = this.times(v, this.unary(), col);
    }
  }

  private times(a: Value, b: Value, col: number): Value {
    if (typeof a === 'number' && typeof b === 'number') return a * b;
    if (typeof a === 'number') return this.scaled(a, b as Objective, col);
    if (typeof b === 'number') return this.scaled(b, a, col);
    return mul(a, b);
  }

  private scaled(k: number, o: Objective, col: number): Objective {
    if (!Number.isFinite(k)) this.fail(`weight ${k} is not a finite number`, col);
    return scale(k, o);
  }

  private unary(): Value {
    const col = this.tok.col;
    if (this.eat('-')) return this.times(-1, this.unary(), col);
    return this.primary();
  }

  private primary(): Value {
    const t = this.tok;
    if (t.kind === 'num') {
      this.pos++;
      return Number(t.text);
    }
    if (this.eat('(')) {
      const v = this.expr();
      this.expect(')', `to close the '(' at column ${t.col}`);
      return v;
    }
    if (t.kind === 'name') return this.call();
    return this.fail(`expected an objective, a number or '(', found ${describe(t)}`);
  }

  private call(): Objective {
    const t = this.tok;
    const f = FUNCTIONS[t.text];
    if (!f) this.fail(`unknown objective '${t.text}' (known: ${Object.keys(FUNCTIONS).join(', ')})`);
    this.pos++;
    this.expect('(', `after '${t.text}'`);
    const args: Arg[] = [];
    if (!this.eat(')')) {
      do args.push(this.arg());
      while (this.eat(','));
      this.expect(')', `to close the arguments of '${t.text}'`);
    }
    const o = f.build(args);
    if (!o) this.fail(`wrong arguments for ${t.text}: use ${f.usage}`, t.col);
    if (this.tok.kind === 'op' && this.tok.text === '@') return this.atBatch(t.text, args);
    return o;
  }

  private atBatch(fname: string, args: Arg[]): Objective {
    const col = this.tok.col;
    this.pos++;
    const b = this.tok;
    if (b.kind !== 'num' || !/^\d+$/.test(b.text)) this.fail(`expected an image index after '@'`);
    this.pos++;
    const batch = Number(b.text);
    const a = args as Checked;
    const built: Record<string, (() => Objective) | undefined> = {
      channel: () => channel(a[0], a[1], { batch }),
      neuron: () => neuron(a[0], a[1], a[2], a[3], { batch }),
      deepdream: () => deepdream(a[0], { batch }),
      layer: () => deepdream(a[0], { batch }),
      direction: () => direction(a[0], a[1], { batch }),
      class_logit: () => classLogit(a[0], a[1], { batch }),
    };
    const make = built[fname];
    if (!make) this.fail(`'${fname}' does not take an image index '@'`, col);
    return make();
  }

  private arg(): Arg {
    const t = this.tok;
    if (t.kind === 'name') {
      this.pos++;
      return t.text;
    }
    if (t.kind === 'num' || (t.kind === 'op' && t.text === '-')) return this.signedNumber();
    if (this.eat('[')) {
      const v: number[] = [];
      if (!this.eat(']')) {
        do v.push(this.signedNumber());
        while (this.eat(','));
        this.expect(']', `to close the vector at column ${t.col}`);
      }
      return v;
    }
    return this.fail(`expected a layer name, a number or a vector, found ${describe(t)}`);
  }

  private signedNumber(): number {
    const negative = this.eat('-');
    const t = this.tok;
    if (t.kind !== 'num') this.fail(`expected a number, found ${describe(t)}`);
    this.pos++;
    return negative ? -Number(t.text) : Number(t.text);
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end' : `'${t.text}'`;
}

/** Parses the string form of an objective; throws a GlassboxError that points at the column. */
export function parseObjective(src: string): Objective {
  if (src.trim() === '') throw new GlassboxError(msg.fvSyntax(src, 1, 'empty objective'));
  return new Parser(src, lex(src)).parse();
}
