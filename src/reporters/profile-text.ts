/**
 * The profile document → the terminal: per runtime, the load phases, onnxruntime's session
 * events, the wasm memory timeline, the profiler's overhead and the top operators; then the
 * operator types side by side when several runtimes were profiled. Pure.
 */
import Table from 'cli-table3';
import { formatBytesShort, formatMs, formatRatio } from '../format.js';
import type { ProfileReport, ProfileRuntimeResult } from '../profile/document.js';
import type { Style } from './table.js';

const msOfUs = (us: number) => formatMs(us / 1000);

/** Phase boundaries always; polls only where the size changed (a jump, and when it was seen). */
function memoryLine(result: ProfileRuntimeResult): string {
  if (result.memory.every((point) => point.wasmBytes === 0)) return 'none (the runtime is not WebAssembly)';
  const steps: string[] = [];
  let last = -1;
  for (const point of result.memory) {
    if (point.wasmBytes === last) continue;
    const where = point.phase.startsWith('during ') ? point.phase : `at ${point.phase}`;
    steps.push(`${formatBytesShort(point.wasmBytes)} ${where} (${formatMs(point.atMs)})`);
    last = point.wasmBytes;
  }
  const end = result.memory.at(-1);
  return `${steps.join(' → ')}${end ? `; ${formatBytesShort(end.wasmBytes)} at ${end.phase}` : ''}`;
}

function runtimeSection(report: ProfileReport, result: ProfileRuntimeResult, top: number, style: Style): string[] {
  const threads = `${result.threads.used ?? result.threads.requested} thread${(result.threads.used ?? result.threads.requested) === 1 ? '' : 's'}`;
  const heading = style.bold(`${report.model.name} on ${result.runtime}${result.runtimeVersion ? ` (${result.runtimeVersion}, ${threads})` : ''}`);
  if (result.status === 'error' || !result.operators || !result.phases || !result.overhead) {
    return [heading, style.fail(`  ${result.error?.code ?? 'ERROR'} ${result.error?.message ?? 'no profile'}`)];
  }
  const { phases, operators, overhead } = result;
  const lines = [
    `${heading}: ${operators.runs} runs after ${report.warmupRuns} warm-up${report.graphOptimization ? `, graph optimization ${report.graphOptimization}` : ''}`,
    `  load       read ${formatMs(phases.readMs)} · runtime init ${formatMs(phases.runtimeInitMs)} · session create ${formatMs(phases.sessionCreateMs)} · first run ${formatMs(phases.firstRunMs)}`,
    `  onnxruntime ${operators.session.map((event) => `${event.name} ${msOfUs(event.durUs)}`).join(' · ') || '(no session events)'}`,
    `  wasm memory ${memoryLine(result)}`,
    `  profiler   median run ${formatMs(overhead.profiledMedianMs)} with it, ${formatMs(overhead.plainMedianMs)} without (${overhead.ratio.toFixed(2)}×); kernels are ${formatRatio(operators.kernelUs / operators.modelRunUs)} of run time`,
  ];
  const table = new Table({ head: ['#', 'op type', 'node', 'provider', 'calls', 'total', 'mean', 'share'], style: { head: [], border: [] } });
  operators.nodes.slice(0, top).forEach((row, index) => {
    table.push([String(index + 1), row.opType, row.node, row.provider.replace(/ExecutionProvider$/, ''), String(row.calls), msOfUs(row.totalUs), msOfUs(row.meanUs), formatRatio(row.share)]);
  });
  lines.push(table.toString());
  if (operators.nodes.length > top) lines.push(style.dim(`  … ${operators.nodes.length - top} more nodes (--top ${operators.nodes.length} shows all)`));
  return lines;
}

/** Operator types by share of kernel time on each runtime; a type one runtime lacks ran fused or partitioned differently there. */
function sideBySide(results: readonly ProfileRuntimeResult[], top: number, style: Style): string[] {
  const profiled = results.filter((result) => result.operators);
  if (profiled.length < 2) return [];
  const types = new Map<string, number>();
  for (const result of profiled) for (const type of result.operators?.opTypes ?? []) types.set(type.opType, Math.max(types.get(type.opType) ?? 0, type.share));
  const table = new Table({ head: ['op type', ...profiled.map((result) => result.runtime)], style: { head: [], border: [] } });
  const ranked = [...types.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [opType] of ranked) {
    table.push([
      opType,
      ...profiled.map((result) => {
        const type = result.operators?.opTypes.find((entry) => entry.opType === opType);
        return type ? `${formatRatio(type.share)} · ${type.calls} calls · ${type.providers.map((p) => p.replace(/ExecutionProvider$/, '')).join('+')}` : style.warn('not run');
      }),
    ]);
  }
  return [style.bold('Operator types side by side (share of kernel time; "not run": fused or partitioned differently there)'), table.toString()];
}

export function renderProfile(report: ProfileReport, top: number, style: Style): string {
  const sections = report.results.map((result) => runtimeSection(report, result, top, style).join('\n'));
  return `${[...sections, ...sideBySide(report.results, top, style)].join('\n\n')}\n`;
}
