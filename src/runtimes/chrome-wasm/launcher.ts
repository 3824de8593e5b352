/**
 * chrome-wasm: onnxruntime-web's WebAssembly backend in headless Chrome/Chromium. One browser
 * per run; every cold load in a fresh browser context (its own HTTP and compiled-wasm caches),
 * then the inference phase in one more. The page runs the same harness as the Node worker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { RuntimeFailure, describeError } from '../../errors.js';
import { formatMs } from '../../format.js';
import type { HarnessJob, InferenceResult, LoadResult } from '../../harness/job.js';
import type { ProgressEvent, RunConfig, Trial } from '../../types.js';
import { measureInWorkers, wasmTrialMeasurement } from '../measure-in-workers.js';
import type { BrowserFacts, MeasureSettings, RuntimeLauncher, RuntimeSession, TrialMeasurement } from '../measurement.js';
import { findBrowser } from './find-browser.js';
import type { PageJob, PageResult } from './page-protocol.js';
import { startPageServer, type PageServer } from './page-server.js';
import { busiestNewRenderer, peakRssBytes, rendererCpuTimes } from './renderer-process.js';

const require = createRequire(import.meta.url);
const CLOSE_GRACE_MS = 5000;

/** Flags for a quiet, reproducible headless browser on a machine without network or GPU. */
function launchArgs(): string[] {
  const args = ['--disable-gpu', '--disable-quic', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-background-networking'];
  // Chromium refuses to start as root unless its sandbox is off.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

interface PageRun {
  result: PageResult;
  rssPeakBytes: number | null;
  jsHeapUsedBytes: number | null;
}

class ChromeSession implements RuntimeSession {
  private modelUrls = new Map<string, string>();

  constructor(
    private readonly browser: Browser,
    private readonly browserSession: CDPSession | null,
    private readonly server: PageServer,
    private readonly facts: BrowserFacts,
    private readonly cleanup: () => Promise<void>,
  ) {}

  describe() {
    return { browser: this.facts };
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.cleanup();
  }

  private modelUrl(modelPath: string): string {
    let url = this.modelUrls.get(modelPath);
    if (!url) {
      url = this.server.addModel(modelPath);
      this.modelUrls.set(modelPath, url);
    }
    return url;
  }

  /** Runs one job in a fresh browser context, which is always closed afterwards. */
  private async runInFreshContext(job: PageJob, timeoutMs: number): Promise<PageRun> {
    const context = await this.browser.createBrowserContext();
    let rendererPid: number | null = null;
    const problems: string[] = [];
    let page: Page | null = null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const before = this.browserSession ? new Set((await rendererCpuTimes(this.browserSession)).keys()) : null;
      page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${describeError(error)}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      const crashed = new Promise<never>((_, reject) => {
        page?.once('error', (error) => reject(new RuntimeFailure('WORKER_CRASHED', `the page crashed during the ${job.kind} job: ${describeError(error)}`)));
      });
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new RuntimeFailure(
                'WORKER_TIMEOUT',
                `the ${job.kind} page did not finish within ${formatMs(timeoutMs)} and was closed; raise --timeout${job.kind === 'inference' ? ' or lower --max-time' : ''}`,
              ),
            ),
          timeoutMs,
        );
      });
      const work = (async () => {
        await page.goto(this.server.pageUrl, { waitUntil: 'load', timeout: 0 });
        await page.waitForFunction('globalThis.__wtbReady === true', { timeout: 0 });
        const result = (await page.evaluate((pageJob) => (globalThis as unknown as { __wtbRun(job: unknown): Promise<unknown> }).__wtbRun(pageJob), job)) as PageResult;
        if (before && this.browserSession) rendererPid = busiestNewRenderer(before, await rendererCpuTimes(this.browserSession));
        const metrics = await page.metrics();
        return { result, jsHeapUsedBytes: metrics.JSHeapUsedSize ?? null };
      })();
      const { result, jsHeapUsedBytes } = await Promise.race([work, crashed, timedOut]);
      const rssPeakBytes = rendererPid !== null ? await peakRssBytes(rendererPid) : null;
      if (result.result.kind === 'failure' && problems.length > 0) {
        result.result.message += `; ${problems.slice(0, 3).join('; ')}`;
      }
      return { result, rssPeakBytes, jsHeapUsedBytes };
    } catch (error) {
      if (error instanceof RuntimeFailure) throw error;
      const detail = problems.length > 0 ? `; ${problems.slice(0, 3).join('; ')}` : '';
      throw new RuntimeFailure('PAGE_ERROR', `the ${job.kind} page failed: ${describeError(error)}${detail}`, { cause: error });
    } finally {
      clearTimeout(timer);
      await this.closeContext(context, rendererPid);
    }
  }

  /** Closes a context; a renderer stuck in wasm may ignore that, so it is then killed. */
  private async closeContext(context: { close(): Promise<void> }, rendererPid: number | null): Promise<void> {
    const closed = await Promise.race([
      context.close().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_GRACE_MS).unref()),
    ]);
    if (!closed && rendererPid !== null) {
      try {
        process.kill(rendererPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  async measure(trial: Trial, settings: MeasureSettings, onProgress: (event: ProgressEvent) => void): Promise<TrialMeasurement> {
    const urls = { modelUrl: this.modelUrl(trial.model.path), runtimeUrl: this.server.runtimeUrl };
    let inferenceRun: PageRun | null = null;
    const warnings: string[] = [];
    const unwrap = <K extends 'load-result' | 'inference-result'>(run: PageRun, kind: K) => {
      const { result } = run.result;
      if (result.kind === 'failure') throw new RuntimeFailure(result.code, result.message);
      if (result.kind !== kind) throw new RuntimeFailure('INTERNAL', `the page sent ${result.kind} where ${kind} was expected`);
      if (trial.threads > 1 && !run.result.crossOriginIsolated) {
        throw new RuntimeFailure('THREADS_UNAVAILABLE', `--threads ${trial.threads} needs a cross-origin isolated page, and this one is not; the browser ignored COOP/COEP`);
      }
      return result as Extract<typeof result, { kind: K }>;
    };
    const measured = await measureInWorkers(trial, settings, onProgress, {
      load: async (job: HarnessJob): Promise<LoadResult> => unwrap(await this.runInFreshContext({ ...job, ...urls }, settings.timeoutMs), 'load-result'),
      inference: async (job: HarnessJob): Promise<InferenceResult> => {
        inferenceRun = await this.runInFreshContext({ ...job, ...urls }, settings.timeoutMs + settings.maxTimeMs);
        return unwrap(inferenceRun, 'inference-result');
      },
    });
    const run = inferenceRun as PageRun | null;
    if (run && run.rssPeakBytes === null && this.facts.mode === 'launched') {
      warnings.push('could not tell which renderer process ran the page; renderer RSS is not reported');
    }
    const wasmUrl = run?.result.wasmUrls[0];
    return wasmTrialMeasurement(measured, {
      rssPeakBytes: run?.rssPeakBytes ?? null,
      jsHeapPeakBytes: run?.jsHeapUsedBytes ?? null,
      crossOriginIsolated: run?.result.crossOriginIsolated ?? null,
      wasmModule: wasmUrl ? path.posix.basename(new URL(wasmUrl).pathname) : null,
      warnings,
    });
  }
}

function browserName(version: string): { name: string; version: string } {
  // e.g. "HeadlessChrome/156.0.8078.108" or "Chrome/156.0.8078.108"
  const [product = 'Chrome', number = version] = version.split('/');
  return { name: product.replace(/^Headless/, ''), version: number };
}

export const chromeWasmLauncher: RuntimeLauncher = {
  async open(config: Readonly<RunConfig>, env: NodeJS.ProcessEnv): Promise<RuntimeSession> {
    // Loaded on demand: runs without a browser never pay for puppeteer's start-up.
    const { default: puppeteer } = await import('puppeteer-core');
    const runtimeDistDir = path.dirname(require.resolve('onnxruntime-web/wasm'));
    let browser: Browser;
    let facts: BrowserFacts;
    let cleanup: () => Promise<void>;
    if (config.browserWsEndpoint) {
      try {
        browser = await puppeteer.connect({ browserWSEndpoint: config.browserWsEndpoint, protocolTimeout: 0 });
      } catch (error) {
        throw new RuntimeFailure('RUNTIME_UNAVAILABLE', `could not connect to the browser at ${config.browserWsEndpoint}: ${describeError(error)}; check that it is running and the endpoint is current`);
      }
      facts = { ...browserName(await browser.version()), executablePath: null, mode: 'connected' };
      cleanup = () => browser.disconnect();
    } else {
      const found = findBrowser(config.browserPath, env);
      const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'wasm-torch-bench-chrome-'));
      try {
        browser = await puppeteer.launch({
          executablePath: found.executablePath,
          headless: true,
          userDataDir,
          args: launchArgs(),
          protocolTimeout: 0,
          // Over a pipe the browser exits when this process dies, however it dies.
          pipe: true,
          // The CLI handles signals itself, closing the browser through the session.
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        });
      } catch (error) {
        await rm(userDataDir, { recursive: true, force: true });
        throw new RuntimeFailure('RUNTIME_UNAVAILABLE', `could not start ${found.executablePath}: ${describeError(error)}; check the browser works (run it with --headless --version) or point elsewhere with --browser-path`);
      }
      facts = { ...browserName(await browser.version()), executablePath: found.executablePath, mode: 'launched' };
      cleanup = async () => {
        await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
        await rm(userDataDir, { recursive: true, force: true });
      };
    }
    // /proc of the renderer is only ours to read when we launched the browser on this machine.
    const browserSession = facts.mode === 'launched' ? await browser.target().createCDPSession() : null;
    const server = await startPageServer(runtimeDistDir);
    return new ChromeSession(browser, browserSession, server, facts, cleanup);
  },
};
