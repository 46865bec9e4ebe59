/**
 * The error every data loader throws for bad input (missing file, wrong format, bad
 * spec). Its message is one line for the user, built in `messages.ts`; callers may
 * print `err.message` alone, without a stack trace.
 */
import { GlassboxError } from '../messages.ts';
export class DataError extends GlassboxError {
  override name = 'DataError';
}

/** Narrow `unknown` (from a catch clause) to a Node system error with a code. */
export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}
