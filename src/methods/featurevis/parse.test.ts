import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GlassboxError } from '../../messages.ts';
import { channel, diversity, neg, scale, sum } from './objectives.ts';
import { parseObjective } from './parse.ts';

describe('parseObjective', () => {
  it('reads the example of the issue as channel 3 minus half of channel 7', () => {
    const o = parseObjective('channel(conv2,3) - 0.5*channel(conv2,7)');
    assert.equal(o.name, 'channel(conv2,3) - 0.5*channel(conv2,7)');
    assert.equal(o.name, sum(channel('conv2', 3), scale(-0.5, channel('conv2', 7))).name);
    assert.deepEqual(o.layers, ['conv2']);
  });

  it('round-trips canonical names', () => {
    const cases = [
      'channel(conv2,3)',
      'neuron(conv2,5,3,4)',
      'deepdream(conv1)',
      'direction(conv2,[1,-0.5,0])',
      'class_logit(3,logits)',
      'class_logit(3)',
      'l1() + l2(0.5) - total_variation()',
      '2*(channel(a,1) + channel(b,2))',
      'channel(a,1)*channel(b,2)',
      'channel(/layer1/conv.0,3)@1 + 0.1*diversity(/layer1/conv.0)',
      '-channel(conv2,1)',
    ];
    for (const s of cases) {
      const once = parseObjective(s).name;
      assert.equal(parseObjective(once).name, once, s);
      assert.equal(once.replace(/\s/g, ''), s.replace(/\s/g, ''), s);
    }
    assert.equal(neg(sum(channel('a', 1), diversity('a'))).name, '-(channel(a,1) + diversity(a))');
  });

  it('folds numbers and scales: 2*-3*x = -6*x, spaces ignored', () => {
    assert.equal(parseObjective(' 2 * - 3*channel( c , 1 ) ').name, '-6*channel(c,1)');
    assert.equal(parseObjective('(channel(c,1))').name, 'channel(c,1)');
  });

  const errors: [string, RegExp][] = [
    ['channel(conv2,3) - ', /expected an objective, a number or '\(', found the end at column 20/],
    ['channel(conv2,3', /expected '\)' to close the arguments of 'channel', found the end at column 16/],
    ['chanel(conv2,3)', /unknown objective 'chanel' \(known: channel, .*\) at column 1/],
    ['channel(conv2)', /wrong arguments for channel: use channel\(layer, c\) at column 1/],
    ['channel(conv2,3) $ 2', /unexpected character '\$' at column 18/],
    ['3 + channel(c,1)', /a constant cannot be added .* at column 1/],
    ['2*3', /the expression is a number, not an objective/],
    ['(channel(c,1)', /expected '\)' to close the '\(' at column 1/],
    ['l1()@2', /'l1' does not take an image index '@' at column 5/],
    ['', /empty objective/],
  ];
  for (const [src, re] of errors) {
    it(`rejects '${src}' with the column`, () => {
      assert.throws(
        () => parseObjective(src),
        (e: unknown) => e instanceof GlassboxError && re.test(e.message),
      );
    });
  }

  it('draws a caret under the column', () => {
    try {
      parseObjective('channel(conv2,3) ? x');
      assert.fail('no error');
    } catch (e) {
      const lines = (e as Error).message.split('\n');
      assert.equal(lines[2].indexOf('^'), lines[1].indexOf('?'));
    }
  });
});
