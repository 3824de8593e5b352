import { describe, expect, it } from 'vitest';
import { adapterProblems, outputProblems } from '../../src/harness/runtime-adapter.js';

describe('adapterProblems', () => {
  const fn = () => undefined;

  it('accepts the three required functions, with or without the optional exports', () => {
    expect(adapterProblems({ load: fn, inputs: fn, run: fn })).toEqual([]);
    expect(adapterProblems({ name: 'k', version: '1', load: fn, inputs: fn, run: fn, init: fn, outputs: fn, dispose: fn, threadsUsed: fn })).toEqual([]);
  });

  it('names every missing or mistyped export', () => {
    expect(adapterProblems({ load: fn })).toEqual(['it exports no inputs() function', 'it exports no run() function']);
    expect(adapterProblems({ load: fn, inputs: fn, run: 'yes', dispose: 1, name: 7 })).toEqual([
      'it exports no run() function',
      'its dispose export is not a function',
      'its name export is not a string',
    ]);
  });
});

describe('outputProblems', () => {
  const y = (dims: number[], length: number, type = 'float32') => ({ type, dims, data: new Float32Array(length) });
  const declared = [{ name: 'y', dtype: 'float32', shape: ['batch', 4] }];

  it('accepts tensors that fit their dims and the declaration (symbols match any size)', () => {
    expect(outputProblems({ y: y([3, 4], 12) }, declared)).toEqual([]);
    expect(outputProblems({ y: y([2], 2), z: { type: 'string', dims: [1], data: ['a'] } }, null)).toEqual([]);
  });

  it('finds non-objects, non-tensors, and data that does not hold its dims', () => {
    expect(outputProblems(undefined, null)).toEqual(['it returned no object of output tensors']);
    expect(outputProblems([y([1], 1)], null)).toEqual(['it returned no object of output tensors']);
    expect(outputProblems({ y: 3 }, null)).toEqual(["output 'y' is not a tensor ({ type, dims, data })"]);
    expect(outputProblems({ y: { type: 'float32', dims: [2] } }, null)).toEqual(["output 'y' has no data array"]);
    expect(outputProblems({ y: y([2, 2], 3) }, null)).toEqual(["output 'y' has 3 elements for dims [2, 2] (4)"]);
  });

  it('checks the declared outputs: present, fixed dims, type', () => {
    expect(outputProblems({}, declared)).toEqual(["declared output 'y' is missing"]);
    expect(outputProblems({ y: y([1, 3], 3) }, declared)).toEqual(["output 'y' has dims [1, 3], declared [batch, 4]"]);
    expect(outputProblems({ y: y([1, 4, 1], 4) }, declared)).toEqual(["output 'y' has dims [1, 4, 1], declared [batch, 4]"]);
    expect(outputProblems({ y: { type: 'int32', dims: [1, 4], data: new Int32Array(4) } }, declared)).toEqual(["output 'y' is int32, declared float32"]);
  });
});
