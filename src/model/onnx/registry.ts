/**
 * Op lookup by (domain, op type, opset): the registrations of every module in
 * ops/index.ts. A node is supported when one registration's [since, until] holds the
 * opset the model imports for the node's domain; among several, the newest `since` wins.
 */
import * as modules from './ops/index.ts';
import type { OnnxNode, OpRegistration } from './types.ts';

const key = (domain: string, opType: string) => `${domain === 'ai.onnx' ? '' : domain}\u0000${opType}`;

export class OpRegistry {
  private readonly byOp = new Map<string, OpRegistration[]>();

  constructor(regs: readonly OpRegistration[]) {
    for (const r of regs) {
      const k = key(r.domain, r.opType);
      const list = this.byOp.get(k) ?? [];
      list.push(r);
      this.byOp.set(k, list);
    }
    for (const list of this.byOp.values()) list.sort((a, b) => b.since - a.since);
  }

  /** The registration that implements `opType` of `domain` at `opset`, if any. */
  find(opType: string, domain: string, opset: number | undefined): OpRegistration | undefined {
    if (opset === undefined) return undefined;
    return this.byOp
      .get(key(domain, opType))
      ?.find((r) => r.since <= opset && (r.until === undefined || opset <= r.until));
  }

  /** Every registration of an op type (any opset), newest first. */
  versions(opType: string, domain: string): readonly OpRegistration[] {
    return this.byOp.get(key(domain, opType)) ?? [];
  }

  /** The op types registered, sorted, as 'OpType' (ai.onnx) or 'domain::OpType'. */
  opTypes(): string[] {
    return [...this.byOp.values()]
      .map((l) => (l[0].domain && l[0].domain !== 'ai.onnx' ? `${l[0].domain}::${l[0].opType}` : l[0].opType))
      .sort();
  }
}

/** The opset a node runs at: the version its domain is imported with ('' and 'ai.onnx' alike). */
export function opsetOf(node: OnnxNode, opsets: ReadonlyMap<string, number>): number | undefined {
  return opsets.get(node.domain === 'ai.onnx' ? '' : node.domain);
}

/** The registrations of every module in ops/index.ts. */
export function allRegistrations(): OpRegistration[] {
  const regs: OpRegistration[] = [];
  for (const m of Object.values(modules) as { registrations?: unknown }[]) {
    if (Array.isArray(m.registrations)) regs.push(...(m.registrations as OpRegistration[]));
  }
  return regs;
}

/** The registry of every op in ops/. */
export const registry = new OpRegistry(allRegistrations());
