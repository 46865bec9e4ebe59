/**
 * ScatterElements (opset 11 on; Scatter, opsets 9-10, is the same op): a copy of data with
 * data[.., indices[i, j, ..], ..] = updates[i, j, ..] along `axis` (default 0); indices
 * and updates have data's rank. Reduction (opset 16) 'none' or 'add'. Negative indices
 * count from the back.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpImpl, OpRegistration } from '../types.ts';
import { elementCoords } from './GatherElements.ts';
import { attrNum, attrString, fail, need, normAxis } from './util/attrs.ts';
import { hostToTensor } from './util/dtypes.ts';
import { refuseReduction, scatterInto } from './util/scatter.ts';

export const impl: OpImpl = {
  unsupported: refuseReduction,
  run: (inputs, ctx) => {
    const data = need(inputs, 0, ctx.node);
    const updates = need(inputs, 2, ctx.node);
    const c = ctx.constant(1);
    return [
      tf.tidy(() => {
        const idx = c ? hostToTensor(c, ctx.node) : need(inputs, 1, ctx.node);
        if (idx.rank !== data.rank || idx.shape.join() !== updates.shape.join())
          fail(
            ctx.node,
            `indices [${idx.shape}] and updates [${updates.shape}] must match, with data's rank ${data.rank}`,
          );
        const axis = normAxis(attrNum(ctx.node, 'axis', 0), data.rank, ctx.node);
        if (idx.size === 0) return data.clone();
        const coords = elementCoords(idx, axis, data.shape[axis]);
        return scatterInto(data, coords, updates, attrString(ctx.node, 'reduction', 'none'));
      }),
    ];
  },
};

export const registrations: OpRegistration[] = [{ opType: 'ScatterElements', domain: '', since: 11, impl }];
