/** Scatter (opsets 9-10, deprecated in 11): ScatterElements under its old name (ScatterElements.ts). */
import type { OpRegistration } from '../types.ts';
import { impl } from './ScatterElements.ts';

export const registrations: OpRegistration[] = [{ opType: 'Scatter', domain: '', since: 9, until: 10, impl }];
