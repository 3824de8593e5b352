/**
 * onnxruntime trace events → where the run time goes, per node and per operator type. Pure.
 *
 * Each run ends with a "model_run" session event; the node events ("<node>_kernel_time", with
 * args.op_name and args.provider) before it belong to that run. Warm-up runs are left out.
 * A control-flow node (If, Loop, Scan) runs its subgraph's nodes inside its own time span, so
 * every node is charged its self time: its span less the spans of the nodes nested directly in
 * it. Shares then add up to 100 % and nothing is counted twice.
 */
import type { OrtTraceEvent } from './ort-trace.js';

export interface NodeRow {
  opType: string;
  node: string;
  provider: string;
  calls: number;
  totalUs: number;
  meanUs: number;
  /** Of all kernel time in the runs counted, 0–1. */
  share: number;
}

export interface OpTypeRow {
  opType: string;
  providers: string[];
  nodes: number;
  calls: number;
  totalUs: number;
  share: number;
}

export interface OperatorProfile {
  /** Runs counted (after warm-up). */
  runs: number;
  nodes: NodeRow[];
  opTypes: OpTypeRow[];
  /** Sum of kernel time over the runs counted. */
  kernelUs: number;
  /** Sum of model_run time over the same runs: kernel time plus the executor's own. */
  modelRunUs: number;
  /** Session events outside runs (model loading, session initialization), in trace order. */
  session: { name: string; durUs: number }[];
}

const KERNEL_SUFFIX = '_kernel_time';

/** Each event's duration less that of the events nested directly inside its span (same run). */
function selfTimes(kernels: readonly OrtTraceEvent[]): Map<OrtTraceEvent, number> {
  const ordered = [...kernels].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map(ordered.map((event) => [event, event.dur]));
  const open: OrtTraceEvent[] = [];
  for (const event of ordered) {
    while (open.length > 0 && event.ts >= (open.at(-1) as OrtTraceEvent).ts + (open.at(-1) as OrtTraceEvent).dur) open.pop();
    const parent = open.at(-1);
    if (parent) self.set(parent, Math.max(0, (self.get(parent) ?? 0) - event.dur));
    open.push(event);
  }
  return self;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

export function operatorProfile(events: readonly OrtTraceEvent[], warmupRuns: number): OperatorProfile {
  const byNode = new Map<string, NodeRow>();
  const session: { name: string; durUs: number }[] = [];
  let pending: OrtTraceEvent[] = [];
  let runIndex = 0;
  let runs = 0;
  let modelRunUs = 0;
  for (const event of events) {
    if (event.cat === 'Node' && event.name.endsWith(KERNEL_SUFFIX)) {
      pending.push(event);
      continue;
    }
    if (event.cat !== 'Session') continue;
    if (event.name !== 'model_run') {
      if (event.name !== 'SequentialExecutor::Execute') session.push({ name: event.name, durUs: event.dur });
      continue;
    }
    if (runIndex >= warmupRuns) {
      runs++;
      modelRunUs += event.dur;
      const self = selfTimes(pending);
      for (const kernel of pending) {
        const node = kernel.name.slice(0, -KERNEL_SUFFIX.length);
        const row = byNode.get(node) ?? { opType: text(kernel.args?.op_name, '?'), node, provider: text(kernel.args?.provider, '?'), calls: 0, totalUs: 0, meanUs: 0, share: 0 };
        row.calls++;
        row.totalUs += self.get(kernel) ?? kernel.dur;
        byNode.set(node, row);
      }
    }
    runIndex++;
    pending = [];
  }
  const nodes = [...byNode.values()];
  const kernelUs = nodes.reduce((sum, row) => sum + row.totalUs, 0);
  for (const row of nodes) {
    row.meanUs = row.totalUs / row.calls;
    row.share = kernelUs > 0 ? row.totalUs / kernelUs : 0;
  }
  nodes.sort((a, b) => b.totalUs - a.totalUs || a.node.localeCompare(b.node));
  const byType = new Map<string, OpTypeRow>();
  for (const row of nodes) {
    const type = byType.get(row.opType) ?? { opType: row.opType, providers: [], nodes: 0, calls: 0, totalUs: 0, share: 0 };
    if (!type.providers.includes(row.provider)) type.providers.push(row.provider);
    type.nodes++;
    type.calls += row.calls;
    type.totalUs += row.totalUs;
    type.share += row.share;
    byType.set(row.opType, type);
  }
  const opTypes = [...byType.values()].sort((a, b) => b.totalUs - a.totalUs || a.opType.localeCompare(b.opType));
  return { runs, nodes, opTypes, kernelUs, modelRunUs, session };
}
