/**
 * chrome-wasm end to end in real headless Chromium: both runtimes in one report, the no-browser
 * paths, a connected browser, failures, and no browser left behind. Threads in an isolated page
 * and the real models are in test/e2e/native-and-parity.test.ts's runs on every runtime.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import { BRIEF_TIMED_PHASE, QUICK_SAMPLES, STRUCTURE_ONLY } from '../helpers/cli.js';
import { CHROMIUM, liveToolBrowsers, startExternalBrowser, toolProfileDirs } from '../helpers/chrome.js';
import { fixture } from '../helpers/fixtures.js';
import { expectChromeMeasured } from '../helpers/measured.js';
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

describe('chrome-wasm beside node-wasm', () => {
  it('the default runtimes measure both into one report, with the browser in the fingerprint, and give every session back', () => {
    const { result, report, junit } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...STRUCTURE_ONLY, '--retained-cycles', '6']);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    expect(report.results.map((entry) => entry.runtime)).toEqual(['node-wasm', 'chrome-wasm']);
    expect(byRuntime(report, 'node-wasm').status).toBe('ok');
    expectChromeMeasured(byRuntime(report, 'chrome-wasm'));
    expect(report.environment.browser).toMatchObject({ name: 'Chrome', executablePath: CHROMIUM, mode: 'launched' });
    expect(report.environment.browser?.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(result.stdout).toMatch(/tiny-mlp\.onnx.*chrome-wasm ×1.*(PASS|INCONCLUSIVE)/);
    expect(junit).toContain('classname="tiny-mlp.onnx/chrome-wasm"');
    // Retained memory: onnxruntime-web's wasm memory repeats to the byte from cycle to cycle, and
    // the page's JS heap and renderer RSS are read through the launcher (CDP, /proc).
    for (const row of report.results) {
      const retained = row.memory?.retained;
      expect(retained?.gcForced, row.runtime).toBe(true);
      expect(retained?.series.map((series) => [series.source, series.gated, series.bytes.length])).toEqual([
        ['wasm-linear-memory', true, 7],
        ['js-heap', true, 7],
        ['rss', false, 7],
      ]);
      expect(retained?.series[0]?.growth).toEqual({ bytesPerCycle: 0, low: 0, high: 0 });
      // A clean runtime is never flagged; six cycles may leave the JS heap's interval straddling the
      // threshold (inconclusive), which says "not shown" rather than "leaks".
      expect(['pass', 'inconclusive'], row.runtime).toContain(row.checks.find((check) => check.id === 'memory.retained')?.verdict);
    }
  });

  it("--load-temperature both: cold and warm loads side by side on both runtimes, with the code-cache verdict from Chrome's trace", () => {
    const { result, report, junit } = runAndRead([
      fixture('tiny-mlp').path,
      ...QUICK_SAMPLES,
      ...BRIEF_TIMED_PHASE,
      ...STRUCTURE_ONLY,
      '--runtime',
      'node-wasm,chrome-wasm',
      '--load-temperature',
      'both',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Cold load P95 +│ Warm load P95/);
    for (const row of report.results) {
      expect(row.status).toBe('ok');
      expect(row.load?.samplesMs).toHaveLength(2);
      expect(row.warmLoad?.samplesMs).toHaveLength(2);
      expect(row.warmLoad?.samplesMs.every((ms) => ms > 0)).toBe(true);
      expect(row.checks.find((check) => check.id === 'load.warm.p95')?.n).toBe(2);
    }
    const node = byRuntime(report, 'node-wasm').warmLoad;
    expect(node).toMatchObject({ fillLoads: 1, codeCacheHits: [null, null] });
    expect(result.stdout).toContain(
      'warm loads: not applicable: Node keeps no compiled-wasm cache between processes; each warm load is a new session in a worker where onnxruntime-web is already initialised',
    );
    // onnxruntime-web streams its .wasm (instantiateStreaming), so every warm load knows whether the cache served it.
    const chrome = byRuntime(report, 'chrome-wasm').warmLoad;
    expect(chrome?.codeCacheHits.every((hit) => typeof hit === 'boolean')).toBe(true);
    expect(chrome?.fillLoads).toBeGreaterThanOrEqual(1);
    const hits = chrome?.codeCacheHits.filter(Boolean).length;
    expect(result.stdout).toContain(`warm loads: compiled wasm from V8's cache in ${hits} of 2; ${chrome?.codeCacheNote}`);
    expect(junit).toContain('<testcase name="load.warm.p95 &lt; 10 m" classname="tiny-mlp.onnx/chrome-wasm"');
  });

  // The real models in Chrome, and --threads 2 in a cross-origin isolated page, are measured (with
  // expectChromeMeasured) in the runs on every runtime of test/e2e/native-and-parity.test.ts; a
  // model the page refuses (MODEL_UNSUPPORTED from the page, exit 3) is one of the faulty models
  // of the chrome-wasm run in test/e2e/fault-isolation.test.ts.

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
    const { result, report, junit } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...STRUCTURE_ONLY], noBrowser);
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
    const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...STRUCTURE_ONLY, '--runtime', 'node-wasm,chrome-wasm'], noBrowser);
    expect(result.status).toBe(3);
    expect(byRuntime(report, 'chrome-wasm').error?.code).toBe('RUNTIME_UNAVAILABLE');
    expect(byRuntime(report, 'chrome-wasm').error?.message).toMatch(/apt-get install chromium.*--browser-path <path> or WTB_CHROME_PATH=<path>/);
    expect(byRuntime(report, 'node-wasm').status).toBe('ok');
  });

  it('a --browser-path that does not exist asks for the browser, so it is an error (exit 3)', () => {
    const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...STRUCTURE_ONLY, '--browser-path', '/no/such/chrome']);
    expect(result.status).toBe(3);
    expect(byRuntime(report, 'chrome-wasm').error?.message).toMatch(/--browser-path \/no\/such\/chrome is not an executable file/);
  });
});

describe('a browser that is already running', () => {
  it('--browser-ws-endpoint measures in it without launching one or reading its /proc', async () => {
    const external = await startExternalBrowser();
    try {
      const { result, report } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...STRUCTURE_ONLY, '--runtime', 'chrome-wasm', '--browser-ws-endpoint', external.endpoint]);
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
