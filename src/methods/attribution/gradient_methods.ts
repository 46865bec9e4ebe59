/**
 * The gradient, layer and neuron attribution methods by name, for callers that pick one
 * at run time (the CLI's `explain --method NAME`). Names are the kebab-case method names
 * written into meta.method. `kind` says what a method explains — the input for a class
 * ('input'), a layer's units for a class ('layer': needs `layer`), or one neuron with
 * respect to the input ('neuron': needs `layer` and `neuron`); `needs` lists the options
 * beyond the common ones it reads ('baselines' is optional, default 0). Values are shaped
 * like the input except where meta.shapedLike says 'layer' (every 'layer' kind but
 * grad-cam and guided-grad-cam, which are upsampled to the input).
 *
 * The noise tunnels (smoothgrad, smoothgrad-sq, vargrad) wrap the method named by option
 * `base` (default 'saliency') and pass it every other option; their own are `samples`,
 * `stdev` and `seed`.
 */
import type { Tensor } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { deconvolution } from './deconvolution.ts';
import { deepLift } from './deeplift.ts';
import { deepLiftShap } from './deeplift_shap.ts';
import { gradCam } from './grad_cam.ts';
import type { AnyAttributionMethod, GradientMethodOptions } from './grad_util.ts';
import { gradientShap } from './gradient_shap.ts';
import { guidedBackprop } from './guided_backprop.ts';
import { guidedGradCam } from './guided_grad_cam.ts';
import { inputXGradient } from './input_x_gradient.ts';
import { integratedGradients } from './integrated_gradients.ts';
import { layerActivation } from './layer_activation.ts';
import { layerConductance } from './layer_conductance.ts';
import { layerGradientXActivation } from './layer_gradient_x_activation.ts';
import { layerIntegratedGradients } from './layer_integrated_gradients.ts';
import { neuronGradient } from './neuron_gradient.ts';
import { neuronIntegratedGradients } from './neuron_integrated_gradients.ts';
import { type NoiseType, noiseTunnel } from './noise_tunnel.ts';
import { saliency } from './saliency.ts';

export type GradientMethodKind = 'input' | 'layer' | 'neuron';
export type GradientMethodNeed = 'layer' | 'neuron' | 'baselines';

export interface GradientMethod {
  name: string;
  fn: AnyAttributionMethod;
  kind: GradientMethodKind;
  needs: readonly GradientMethodNeed[];
}

/** Options of the noise-tunnel entries: the wrapped method's, plus which one it is. */
export interface NoiseTunnelEntryOptions extends GradientMethodOptions {
  /** name of the wrapped method in GRADIENT_METHODS (default 'saliency') */
  base?: string;
}

const BASES: GradientMethod[] = [
  { name: 'saliency', fn: saliency, kind: 'input', needs: [] },
  { name: 'input-x-gradient', fn: inputXGradient, kind: 'input', needs: [] },
  { name: 'integrated-gradients', fn: integratedGradients, kind: 'input', needs: ['baselines'] },
  { name: 'gradient-shap', fn: gradientShap, kind: 'input', needs: ['baselines'] },
  { name: 'deeplift', fn: deepLift, kind: 'input', needs: ['baselines'] },
  { name: 'deeplift-shap', fn: deepLiftShap, kind: 'input', needs: ['baselines'] },
  { name: 'guided-backprop', fn: guidedBackprop, kind: 'input', needs: [] },
  { name: 'deconvolution', fn: deconvolution, kind: 'input', needs: [] },
  { name: 'grad-cam', fn: gradCam, kind: 'layer', needs: ['layer'] },
  { name: 'guided-grad-cam', fn: guidedGradCam, kind: 'layer', needs: ['layer'] },
  { name: 'layer-activation', fn: layerActivation, kind: 'layer', needs: ['layer'] },
  { name: 'layer-gradient-x-activation', fn: layerGradientXActivation, kind: 'layer', needs: ['layer'] },
  {
    name: 'layer-integrated-gradients',
    fn: layerIntegratedGradients,
    kind: 'layer',
    needs: ['layer', 'baselines'],
  },
  { name: 'layer-conductance', fn: layerConductance, kind: 'layer', needs: ['layer', 'baselines'] },
  { name: 'neuron-gradient', fn: neuronGradient, kind: 'neuron', needs: ['layer', 'neuron'] },
  {
    name: 'neuron-integrated-gradients',
    fn: neuronIntegratedGradients,
    kind: 'neuron',
    needs: ['layer', 'neuron', 'baselines'],
  },
];

function tunnel(type: NoiseType): GradientMethod['fn'] {
  return async (model: Model, x: Tensor, opts: NoiseTunnelEntryOptions = {}): Promise<Attribution> => {
    const { base = 'saliency', samples, stdev, seed, target, outputLayer, ...rest } = opts;
    const inner = BASES.find((m) => m.name === base);
    if (!inner) {
      throw new GlassboxError(
        msg.attrOption(type, 'base', base, `one of ${BASES.map((m) => m.name).join(', ')}`),
      );
    }
    return noiseTunnel(model, x, {
      type,
      method: inner.fn,
      methodOptions: rest,
      samples,
      stdev,
      seed,
      target,
      outputLayer,
    });
  };
}

/** Every gradient, layer and neuron method, in the order of issue 4's list. */
export const GRADIENT_METHODS: readonly GradientMethod[] = [
  ...BASES.slice(0, 8),
  { name: 'smoothgrad', fn: tunnel('smoothgrad'), kind: 'input', needs: [] },
  { name: 'smoothgrad-sq', fn: tunnel('smoothgrad-sq'), kind: 'input', needs: [] },
  { name: 'vargrad', fn: tunnel('vargrad'), kind: 'input', needs: [] },
  ...BASES.slice(8),
];

export function gradientMethod(name: string): GradientMethod | undefined {
  return GRADIENT_METHODS.find((m) => m.name === name);
}
