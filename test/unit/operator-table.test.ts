import { describe, expect, it } from 'vitest';
import { operatorProfile } from '../../src/profile/operator-table.js';
import { parseOrtTrace, type OrtTraceEvent } from '../../src/profile/ort-trace.js';

const kernel = (node: string, opType: string, ts: number, dur: number): OrtTraceEvent => ({
  cat: 'Node',
  name: `${node}_kernel_time`,
  ts,
  dur,
  ph: 'X',
  args: { op_name: opType, provider: 'CPUExecutionProvider' },
});
const run = (ts: number, dur: number): OrtTraceEvent => ({ cat: 'Session', name: 'model_run', ts, dur, ph: 'X' });

describe('operatorProfile', () => {
  it('charges a control-flow node its self time: its span less the nodes nested in it', () => {
    // If (0–100) holds Conv (10–40) and a nested If (50–90), which holds Relu (60–70).
    const events = [kernel('conv', 'Conv', 10, 30), kernel('relu', 'Relu', 60, 10), kernel('inner_if', 'If', 50, 40), kernel('outer_if', 'If', 0, 100), kernel('add', 'Add', 100, 20), run(0, 125)];
    const profile = operatorProfile(events, 0);
    const total = (node: string) => profile.nodes.find((row) => row.node === node)?.totalUs;
    expect([total('outer_if'), total('inner_if'), total('conv'), total('relu'), total('add')]).toEqual([30, 30, 30, 10, 20]);
    expect(profile.kernelUs).toBe(120);
    expect(profile.modelRunUs).toBe(125);
    expect(profile.nodes.reduce((sum, row) => sum + row.share, 0)).toBeCloseTo(1, 12);
    expect(profile.opTypes.find((type) => type.opType === 'If')).toMatchObject({ nodes: 2, calls: 2, totalUs: 60, share: 0.5 });
  });

  it('leaves out the warm-up runs and counts calls per node over the rest', () => {
    const events = [kernel('a', 'MatMul', 0, 50), run(0, 60), kernel('a', 'MatMul', 100, 5), run(100, 6), kernel('a', 'MatMul', 200, 7), run(200, 8)];
    const profile = operatorProfile(events, 1);
    expect(profile.runs).toBe(2);
    expect(profile.nodes).toEqual([{ opType: 'MatMul', node: 'a', provider: 'CPUExecutionProvider', calls: 2, totalUs: 12, meanUs: 6, share: 1 }]);
    expect(profile.modelRunUs).toBe(14);
  });

  it('keeps the session events outside runs, in trace order', () => {
    const events: OrtTraceEvent[] = [
      { cat: 'Session', name: 'model_loading_array', ts: 0, dur: 7, ph: 'X' },
      { cat: 'Session', name: 'session_initialization', ts: 8, dur: 30, ph: 'X' },
      { cat: 'Session', name: 'SequentialExecutor::Execute', ts: 40, dur: 3, ph: 'X' },
      run(40, 4),
    ];
    expect(operatorProfile(events, 0).session).toEqual([
      { name: 'model_loading_array', durUs: 7 },
      { name: 'session_initialization', durUs: 30 },
    ]);
  });
});

describe('parseOrtTrace', () => {
  it('reads a written trace (one JSON array) and a printed one mixed with other lines', () => {
    const event = { cat: 'Node', pid: 1, tid: 2, dur: 5, ts: 10, ph: 'X', name: 'n_kernel_time', args: { op_name: 'Relu' } };
    expect(parseOrtTrace(JSON.stringify([event]))).toEqual([event]);
    const printed = ['some warning', '[', `${JSON.stringify(event)},`, '{"cat" : "Session","pid" :1,"tid" :2,"dur" :9,"ts" :3,"ph" : "X","name" :"model_run","args" : {}}', ']', 'bye'].join('\n');
    expect(parseOrtTrace(printed).map((parsed) => parsed.name)).toEqual(['n_kernel_time', 'model_run']);
    expect(parseOrtTrace('no trace here')).toEqual([]);
  });
});
