/** Identity: the input, as a new tensor handle (tensor inputs only; no sequences or optionals). */
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Identity', 1, (x) => x.clone());
