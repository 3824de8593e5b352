/**
 * chrome-wasm end to end in real headless Chromium: both runtimes in one report, threads in an
 * isolated page, the no-browser paths, a connected browser, failures, and no browser left behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import { QUICK_SAMPLES, RELAXED, BRIEF_TIMED_PHASE, BRIEF_TIMED_RUNS } from '../helpers/cli.js';
import { CHROMIUM, liveToolBrowsers, startExternalBrowser, toolProfileDirs } from '../helpers/chrome.js';
import { fixture } from '../helpers/fixtures.js';
import { runAndRead } from '../helpers/reports.js';

let profilesBefore: string[] = [];
beforeEach(() => {
  profilesBefore = toolProfileDirs();
});
afterEach(() => {
  expect(liveToolBrowsers()).toEqual([]);
  expect(toolProfileDirs().filter((dir) => !profilesBefore.includes(dir))).toEqual([]);
});

function byRuntime(report: RunReport, runtime: string): TrialResult {
  const found = report.results.find((entry) => entry.runtime === runtime);
  if (!found) throw new Error(`no ${runtime} result`);
  return found;
}

function expectChromeMeasured(result: TrialResult, threads = 1, minimumRuns = 20) {
  expect(result.status).toBe('ok');
  expect(result.error).toBeNull();
  expect(result.crossOriginIsolated).toBe(true);
  expect(result.threads).toEqual({ requested: threads, used: threads });
  expect(result.wasmModule).toBe('ort-wasm-simd-threaded.wasm');
  expect(result.load?.samplesMs).toHaveLength(2);
  expect(result.load?.phases.readMs.every((ms) => ms > 0)).toBe(true);
  result.load?.workerWallMs.forEach((wall, i) => {
    expect(wall).toBeGreaterThan(result.load?.samplesMs[i] ?? Infinity);
  });
  expect(result.inference?.count).toBeGreaterThanOrEqual(minimumRuns);
  expect(result.inference?.errors).toBe(0);
  expect(result.memory?.peakSource).toBe('wasm-linear-memory');
  expect((result.memory?.wasmPeakBytes ?? 1) % 65536).toBe(0);
  // The renderer's RSS holds its wasm memory, so it must exceed it.
  expect(result.memory?.rssPeakBytes).toBeGreaterThan(result.memory?.wasmPeakBytes ?? Infinity);
  expect(result.memory?.jsHeapPeakBytes).toBeGreaterThan(0);
  expect(result.clockResolutionMs).toBeGreaterThan(0);
}

describe('chrome-wasm beside node-wasm', () => {
  it('the default runtimes measure both into one report, with the browser in the fingerprint', () => {
    const { result, report, junit } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...RELAXED]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    expect(report.results.map((entry) => entry.runtime)).toEqual(['node-wasm', 'chrome-wasm']);
    expect(byRuntime(report, 'node-wasm').status).toBe('ok');
    expectChromeMeasured(byRuntime(report, 'chrome-wasm'));
    expect(report.environment.browser).toMatchObject({ name: 'Chrome', executablePath: CHROMIUM, mode: 'launched' });
    expect(report.environment.browser?.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(result.stdout).toMatch(/tiny-mlp\.onnx.*chrome-wasm ×1.*(PASS|INCONCLUSIVE)/);
    expect(junit).toContain('classname="tiny-mlp.onnx/chrome-wasm"');
  });

  it.each(['silero-vad-v5', 'ppocr-v4-rec'])('%s runs in Chrome', (id) => {
    const model = fixture(id);
    const { result, report } = runAndRead([model.path, ...model.args, ...QUICK_SAMPLES, ...RELAXED, ...BRIEF_TIMED_PHASE, '--runtime', 'chrome-wasm']);
    expect(result.status).toBe(0);
    expectChromeMeasured(byRuntime(report, 'chrome-wasm'), 1, BRIEF_TIMED_RUNS);
  });

  it('--threads 2 runs two wasm threads in a cross-origin isolated page', () => {
    const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'chrome-wasm', '--threads', '2']);
    expect(result.status).toBe(0);
    expectChromeMeasured(byRuntime(report, 'chrome-wasm'), 2);
  });

  it('a model the runtime refuses is an error record from the page (exit 3)', () => {
    const { result, report, junit } = runAndRead([fixture('unsupported-operator').path, ...QUICK_SAMPLES, '--runtime', 'chrome-wasm']);
    expect(result.status).toBe(3);
    expect(byRuntime(report, 'chrome-wasm').error?.code).toBe('MODEL_UNSUPPORTED');
    expect(result.stdout).toMatch(/No Op registered for NoSuchOperator/);
    expect(junit).toContain('<error type="MODEL_UNSUPPORTED"');
  });

  it('a page that exceeds --timeout is closed and reported (exit 3)', () => {
    const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, '--runtime', 'chrome-wasm', '--timeout', '1ms']);
    expect(result.status).toBe(3);
    expect(byRuntime(report, 'chrome-wasm').error?.code).toBe('WORKER_TIMEOUT');
    expect(result.stdout).toMatch(/the load page did not finish within 1 ms and was closed; raise --timeout/);
  });
});

describe('no browser on the machine', () => {
  const noBrowser = { WTB_CHROME_PATH: '/nonexistent/chromium' };

  it('a default chrome-wasm is skipped with the install hint; node-wasm decides the exit code', () => {
    const { result, report, junit } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...RELAXED], noBrowser);
    expect(result.status).toBe(0);
    const chrome = byRuntime(report, 'chrome-wasm');
    expect(chrome.status).toBe('skipped');
    expect(chrome.verdict).toBe('skipped');
    expect(chrome.skipReason).toMatch(/WTB_CHROME_PATH=\/nonexistent\/chromium is not an executable file; install one \(Debian\/Ubuntu: apt-get install chromium\)/);
    expect(byRuntime(report, 'node-wasm').status).toBe('ok');
    // Skipped runtimes do not affect the verdict; two cold loads leave node-wasm's load.p95 undecided.
    expect(report.verdict).toBe('inconclusive');
    expect(report.environment.browser).toBeNull();
    expect(result.stdout).toMatch(/chrome-wasm ×1.*SKIPPED/);
    expect(result.stdout).toContain('--runtime node-wasm');
    expect(junit).toMatch(/<testcase name="memory\.peak &lt; 100 MB" classname="tiny-mlp\.onnx\/chrome-wasm">\s*<skipped message="WTB_CHROME_PATH=/);
  });

  it('an explicitly requested chrome-wasm is an error (exit 3); node-wasm is still measured', () => {
    const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,chrome-wasm'], noBrowser);
    expect(result.status).toBe(3);
    expect(byRuntime(report, 'chrome-wasm').error?.code).toBe('RUNTIME_UNAVAILABLE');
    expect(byRuntime(report, 'chrome-wasm').error?.message).toMatch(/apt-get install chromium.*--browser-path <path> or WTB_CHROME_PATH=<path>/);
    expect(byRuntime(report, 'node-wasm').status).toBe('ok');
  });

  it('a --browser-path that does not exist asks for the browser, so it is an error (exit 3)', () => {
    const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...RELAXED, '--browser-path', '/no/such/chrome']);
    expect(result.status).toBe(3);
    expect(byRuntime(report, 'chrome-wasm').error?.message).toMatch(/--browser-path \/no\/such\/chrome is not an executable file/);
  });
});

describe('a browser that is already running', () => {
  it('--browser-ws-endpoint measures in it without launching one or reading its /proc', async () => {
    const external = await startExternalBrowser();
    try {
      const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'chrome-wasm', '--browser-ws-endpoint', external.endpoint]);
      expect(result.status).toBe(0);
      const chrome = byRuntime(report, 'chrome-wasm');
      expect(chrome.status).toBe('ok');
      expect(chrome.memory?.rssPeakBytes).toBeNull();
      expect(chrome.memory?.jsHeapPeakBytes).toBeGreaterThan(0);
      expect(report.environment.browser).toMatchObject({ name: 'Chrome', executablePath: null, mode: 'connected' });
    } finally {
      await external.stop();
    }
  });

  it('an endpoint nobody listens on is exit 3 with a hint', () => {
    const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, '--runtime', 'chrome-wasm', '--browser-ws-endpoint', 'ws://127.0.0.1:9/devtools/browser/none']);
    expect(result.status).toBe(3);
    expect(byRuntime(report, 'chrome-wasm').error?.message).toMatch(/could not connect to the browser at ws:\/\/127\.0\.0\.1:9\/devtools\/browser\/none: .*check that it is running/);
  });
});
