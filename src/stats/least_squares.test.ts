import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weightedRidge } from './least_squares.ts';

describe('weightedRidge', () => {
  it('recovers an exact linear relation with an intercept, whatever the weights', () => {
    // y = 2 − x0 + 3 x1 on 5 rows
    const X = [0, 0, 1, 0, 0, 1, 1, 1, 2, -1];
    const y = [2, 1, 5, 4, -3];
    const fit = weightedRidge(X, y, 2, [1, 0.2, 3, 0.5, 1]);
    assert.ok(Math.abs(fit.intercept - 2) < 1e-12);
    assert.ok(Math.abs(fit.coef[0] + 1) < 1e-12 && Math.abs(fit.coef[1] - 3) < 1e-12);
  });

  it('matches the closed form of weighted ridge through the origin in one dimension', () => {
    // β = Σ w x y / (Σ w x² + α)
    const x = [1, 2, 3, -1];
    const y = [1.5, 3.5, 6.5, -2];
    const w = [1, 2, 0.5, 1];
    const fit = weightedRidge(x, y, 1, w, { alpha: 0.7, intercept: false });
    const num = x.reduce((a, v, i) => a + w[i] * v * y[i], 0);
    const den = x.reduce((a, v, i) => a + w[i] * v * v, 0) + 0.7;
    assert.ok(Math.abs(fit.coef[0] - num / den) < 1e-12);
    assert.equal(fit.intercept, 0);
  });

  it('solves a singular system (more features than rows) instead of failing', () => {
    const fit = weightedRidge([1, 1, 0, 0, 1, 1], [2, 1], 3);
    assert.ok(fit.coef.every(Number.isFinite));
    // the fit still reproduces the data
    const pred = [fit.intercept + fit.coef[0] + fit.coef[1], fit.intercept + fit.coef[1] + fit.coef[2]];
    assert.ok(Math.abs(pred[0] - 2) < 1e-4 && Math.abs(pred[1] - 1) < 1e-4);
    assert.throws(() => weightedRidge([1, 2], [1], 3), RangeError);
  });
});
