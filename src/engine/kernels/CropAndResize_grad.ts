/**
 * The gradient of CropAndResize (tfjs 4.22 registers none), as TensorFlow defines it
 * (image_grad.py, _CropAndResizeGrad): with respect to the image by CropAndResizeGradImage,
 * with respect to the boxes by CropAndResizeGradBoxes; the integer box indices get none
 * (zeros here, since the tape wants a float tensor per input).
 */
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';

export const cropAndResizeGrad: GradConfig = {
  kernelName: 'CropAndResize',
  inputsToSave: ['image', 'boxes', 'boxInd'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [image, boxes, boxInd] = saved;
    const grads = dy as Tensor;
    const method = attrs.method as string;
    return {
      image: () =>
        tf
          .engine()
          .runKernel(
            'CropAndResizeGradImage',
            { grads, boxes, boxInd },
            { imageShape: image.shape, method },
          ) as Tensor,
      boxes: () =>
        tf
          .engine()
          .runKernel('CropAndResizeGradBoxes', { grads, image, boxes, boxInd }, { method }) as Tensor,
      boxInd: () => tf.zeros(boxInd.shape),
    };
  },
};
