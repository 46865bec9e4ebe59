/** Quality metrics of explanations (Quantus-style, on our Model): one barrel. */
export * from './completeness.ts';
export * from './deletion_insertion.ts';
export * from './infidelity.ts';
export { gaussianBlur, type PixelGrid, pixelGrid, type Substrate } from './pixels.ts';
export * from './sanity.ts';
export * from './sensitivity.ts';
export * from './suite.ts';
