/**
 * chrome-wasm: onnxruntime-web's WebAssembly backend in headless Chrome/Chromium. One browser
 * per run; every cold load in a fresh browser context (its own HTTP and compiled-wasm caches),
 * then the inference phase in one more. The page runs the same harness as the Node worker.
 */
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { RuntimeFailure, describeError } from '../../errors.js';
import { formatMs } from '../../format.js';
import { removeOnExit } from '../../io/exit-cleanup.js';
import type { ChunkRequest, HarnessJob, HarnessResult, InferenceFinal, LoadResult } from '../../harness/job.js';
import type { ProgressEvent, RuntimePackage, Trial } from '../../types.js';
import type { RuntimeModuleRef } from '../../harness/runtime-flavour.js';
import { browserEntry, packageLabel } from '../packages/runtime-package-entries.js';
import { bundledPackage } from '../packages/resolve-runtime-package.js';
import type { RunConfig } from '../../config/run-config-schema.js';
import { measureInWorkers, trialMeasurement, type InferenceHandle, type WarmLoadRunner, type WorkerRunners } from '../measure-in-workers.js';
import { measurePairedInWorkers, type SharedInferenceOpener } from '../measure-paired.js';
import { parseOrtTrace } from '../../profile/ort-trace.js';
import type {
  BrowserFacts,
  MeasureSettings,
  PairedEvent,
  PairedMeasurement,
  PairedSettings,
  PairedTrials,
  ProfileCapture,
  ProfileRequest,
  RuntimeLauncher,
  RuntimeSession,
  TrialMeasurement,
} from '../measurement.js';
import type { WorkerSettings } from '../measurement.js';
import { adapterLabel } from '../adapter/load-adapter.js';
import { findBrowser } from './find-browser.js';
import type { HostMemoryFunctions, PageAnswer, PageApi, PageJob, PageProfileJob } from './page-protocol.js';
import { startPageServer, type PageServer } from './page-server.js';
import { CODE_CACHE_TRACE_CATEGORIES, codeCacheEvents, codeCacheNote, type CodeCacheEvents } from './wasm-code-cache.js';
import { busiestNewRenderer, peakRssBytes, rendererCpuTimes, residentBytes } from './renderer-process.js';
import { memoryLimitMessage, watchMemory, type MemoryWatch } from '../memory-watchdog.js';
import { plantedFaults, type PlantedFaults } from '../planted-faults.js';

const CLOSE_GRACE_MS = 5000;
const CRASH_EVENT_GRACE_MS = 500;

/** Flags for a quiet, reproducible headless browser on a machine without network or GPU. */
function launchArgs(): string[] {
  const args = ['--disable-gpu', '--disable-quic', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-background-networking'];
  // Chromium refuses to start as root unless its sandbox is off.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/** What a page is for, as messages name it ("the warm-load page did not finish…"). */
type PageRole = HarnessJob['kind'] | 'warm-load' | 'cache-filling' | 'profile';

/**
 * Visits before the warm loads that load the model and run it, to fill the caches; the filling
 * stops at the first that reads the compiled-code cache (or when more could not fill it).
 */
const MAX_FILLING_VISITS = 3;
const FILLING_USE_MS = 2000;

/** Calls on a trial's page: start a job, finish the inference job it opened. */
interface PageRunner {
  start(job: HarnessJob): (page: Page) => Promise<PageAnswer>;
  finish(page: Page): Promise<PageAnswer>;
}

/** What only the browser side can tell once a page is done. */
interface PageObservations {
  rssPeakBytes: number | null;
  jsHeapUsedBytes: number | null;
}

/**
 * One page in its own fresh browser context, ready to take calls. A crash, the deadline (for the
 * page's whole life) or a page error rejects the pending call; close() always closes the context.
 */
interface PageHandle {
  call<K extends HarnessResult['kind']>(expected: K, invoke: (page: Page) => Promise<PageAnswer>): Promise<Extract<HarnessResult, { kind: K }>>;
  lastAnswer: PageAnswer | null;
  /** The page's renderer process, once it has done its work (inference pages of a launched browser); null when unclear. */
  rendererPid(): Promise<number | null>;
  /** What the browser side saw of an inference page so far (read once; close() reports the same). */
  observe(): Promise<PageObservations>;
  /** A new deadline from now, for a phase of its own (the retained-memory cycles get one --timeout). */
  restartDeadline(timeoutMs: number, remedy: string): void;
  close(): Promise<PageObservations>;
}

class ChromeSession implements RuntimeSession {
  private servedUrls = new Map<string, string>();
  private servedRuntimes = new Map<string, RuntimeModuleRef>();

  constructor(
    private readonly browser: Browser,
    private readonly browserSession: CDPSession | null,
    private readonly server: PageServer,
    private readonly facts: BrowserFacts,
    private readonly cleanup: () => Promise<void>,
    private readonly env: NodeJS.ProcessEnv,
    /** The tool's own onnxruntime-web, for a trial that names no package. */
    private readonly bundled: RuntimePackage,
  ) {}

  describe() {
    return { browser: this.facts };
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.cleanup();
  }

  /** A file's URL on the page server, added to its allowlist the first time it is asked for. */
  private served(filePath: string, add: (filePath: string) => string): string {
    let url = this.servedUrls.get(filePath);
    if (!url) {
      url = add(filePath);
      this.servedUrls.set(filePath, url);
    }
    return url;
  }

  private adapterUrl(modulePath: string): string {
    return this.served(modulePath, (file) => this.server.addAdapter(file));
  }

  /** The trial's onnxruntime-web build on the page server, added the first time a package is asked for. */
  private runtimeModule(trial: Trial): RuntimeModuleRef | null {
    if (trial.adapter) return null;
    const pkg = trial.runtimePackage ?? this.bundled;
    let served = this.servedRuntimes.get(pkg.dir);
    if (!served) {
      const { entryFile, wasmDir } = browserEntry(pkg);
      served = { ...this.server.addRuntime(entryFile, wasmDir, pkg.dir), label: packageLabel(pkg) };
      this.servedRuntimes.set(pkg.dir, served);
    }
    return served;
  }

  private modelUrl(modelPath: string): string {
    return this.served(modelPath, (file) => this.server.addModel(file));
  }

  /** Web-content renderers of the launched browser (Chrome's own UI excluded); none when connected. */
  private async contentRenderers(): Promise<number[]> {
    if (!this.browserSession) return [];
    try {
      return [...(await rendererCpuTimes(this.browserSession)).keys()];
    } catch {
      return [];
    }
  }

  /**
   * Kills the renderers a failed page may have left: one stuck in a loop or growing without bound
   * can outlive its closed context. Only one page is open at a time, so every web-content renderer
   * is that page's (or an idle spare).
   */
  private async killRenderers(): Promise<void> {
    for (const pid of await this.contentRenderers()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private async openPage(
    role: PageRole,
    threads: number,
    timeoutMs: number,
    options: { onPage?: (page: Page) => Promise<void>; memoryLimitBytes?: number | null; faults?: PlantedFaults; persistent?: boolean } = {},
  ): Promise<PageHandle> {
    const { onPage, memoryLimitBytes = null, faults, persistent = false } = options;
    // A persistent page opens in the browser's own profile, whose HTTP and compiled-code caches
    // outlive it (a repeat visit); any other in a fresh context of its own, with nothing cached.
    let persistentPage: Page | null = null;
    const context = persistent ? { newPage: () => this.browser.defaultBrowserContext().newPage(), close: async () => persistentPage?.close() } : await this.browser.createBrowserContext();
    const problems: string[] = [];
    let failure: RuntimeFailure | null = null;
    let rejectPending: ((error: Error) => void) | null = null;
    const fail = (error: RuntimeFailure) => {
      failure ??= error;
      rejectPending?.(failure);
    };
    const deadline = (ms: number, remedy: string) =>
      setTimeout(() => fail(new RuntimeFailure('WORKER_TIMEOUT', `the ${role} page did not finish within ${formatMs(ms)} and was closed; raise --timeout (or "timeout" in the config)${remedy}`)), ms);
    let timer = deadline(timeoutMs, role === 'inference' ? ' or lower --max-time' : '');
    // Only the inference page's memory is reported; cold-load pages skip the renderer bookkeeping.
    const browserSession = role === 'inference' ? this.browserSession : null;
    const before = browserSession ? new Set((await rendererCpuTimes(browserSession)).keys()) : null;
    let page: Page;
    try {
      page = await context.newPage();
      persistentPage = page;
    } catch (error) {
      clearTimeout(timer);
      await context.close().catch(() => undefined);
      throw new RuntimeFailure('PAGE_ERROR', `could not open a page: ${describeError(error)}`, { cause: error });
    }
    page.on('pageerror', (error) => problems.push(`page error: ${describeError(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.once('error', (error) =>
      fail(
        new RuntimeFailure(
          'RENDERER_CRASHED',
          `the renderer process of the ${role} page crashed (${describeError(error)}); Chrome ends a renderer that runs out of memory or hits a fatal error: run the model again alone to see whether it repeats, set --memory-limit to have the tool stop a renderer that grows and say so, or measure with smaller inputs`,
        ),
      ),
    );
    await onPage?.(page);
    const withProblems = (text: string) => (problems.length > 0 ? `${text}; ${problems.slice(0, 3).join('; ')}` : text);

    const guarded = async <T>(work: Promise<T>): Promise<T> => {
      // When the deadline or a crash wins the race, the abandoned call still settles later; its
      // rejection is expected then and must not surface as an unhandled one.
      work.catch(() => undefined);
      if (failure) throw failure;
      const stopped = new Promise<never>((_, reject) => {
        rejectPending = reject;
      });
      try {
        return await Promise.race([work, stopped]);
      } catch (error) {
        if (error instanceof RuntimeFailure) throw error;
        // A crash rejects the pending call as its target goes, and the page's 'error' event, which
        // says it crashed, may come a moment later.
        if (!failure && /target closed|session closed|crash/i.test(describeError(error))) await new Promise((resolve) => setTimeout(resolve, CRASH_EVENT_GRACE_MS));
        if (failure) throw failure;
        throw new RuntimeFailure('PAGE_ERROR', withProblems(`the ${role} page failed: ${describeError(error)}`), { cause: error });
      } finally {
        rejectPending = null;
      }
    };

    const self = this;
    let rendererPidOnce: Promise<number | null> | null = null;
    let observed: Promise<PageObservations> | null = null;
    const handle: PageHandle = {
      lastAnswer: null,
      async call(expected, invoke) {
        const pageAnswer = await guarded(invoke(page));
        handle.lastAnswer = pageAnswer;
        const { result } = pageAnswer;
        if (result.kind === 'failure') throw new RuntimeFailure(result.code, withProblems(result.message));
        if (threads > 1 && !pageAnswer.crossOriginIsolated) {
          throw new RuntimeFailure('THREADS_UNAVAILABLE', `--threads ${threads} needs a cross-origin isolated page, and this one is not; the browser ignored COOP/COEP`);
        }
        if (result.kind !== expected) throw new RuntimeFailure('INTERNAL', `the page sent ${result.kind} where ${expected} was expected`);
        return result as Extract<HarnessResult, { kind: typeof expected }>;
      },
      rendererPid() {
        rendererPidOnce ??=
          before && browserSession
            ? rendererCpuTimes(browserSession)
                .then((after) => busiestNewRenderer(before, after))
                .catch(() => null)
            : Promise.resolve(null);
        return rendererPidOnce;
      },
      observe() {
        observed ??= (async () => {
          const observations: PageObservations = { rssPeakBytes: null, jsHeapUsedBytes: null };
          if (failure || role !== 'inference') return observations;
          try {
            const pid = await handle.rendererPid();
            observations.jsHeapUsedBytes = (await page.metrics()).JSHeapUsedSize ?? null;
            if (pid !== null) observations.rssPeakBytes = await peakRssBytes(pid);
          } catch {
            // observations are best effort; the measurement itself is complete
          }
          return observations;
        })();
        return observed;
      },
      restartDeadline(ms, remedy) {
        clearTimeout(timer);
        timer = deadline(ms, remedy);
      },
      async close() {
        clearTimeout(timer);
        memoryWatch?.stop();
        const observations = await handle.observe();
        if (failure) await self.killRenderers();
        await self.closeContext(context, !failure && role === 'inference' ? await handle.rendererPid() : null);
        return observations;
      },
    };
    let memoryWatch: MemoryWatch | null = null;
    try {
      await guarded(
        (async () => {
          await page.goto(this.server.pageUrl, { waitUntil: 'load', timeout: 0 });
          await page.waitForFunction('globalThis.__wtbReady === true', { timeout: 0 });
        })(),
      );
    } catch (error) {
      await handle.close();
      throw error;
    }
    if (memoryLimitBytes !== null) {
      const pids = await this.contentRenderers();
      memoryWatch = watchMemory(
        () => pids,
        memoryLimitBytes,
        (pid, rssBytes) => {
          fail(new RuntimeFailure('OUT_OF_MEMORY', memoryLimitMessage(`the renderer of the ${role} page`, rssBytes, memoryLimitBytes)));
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        },
      );
    }
    // Test hook: the renderer crashes as the job starts (the call never answers; the page's 'error' event says why).
    if (faults?.crashRenderer) {
      const client = await page.createCDPSession();
      client.send('Page.crash').catch(() => undefined);
    }
    return handle;
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

  /**
   * A profiling job in a fresh context: the page's console carries onnxruntime-web's trace events,
   * and the browser's own trace (puppeteer page.tracing, for DevTools or Perfetto) is recorded
   * around the whole job.
   */
  async profile(request: ProfileRequest): Promise<ProfileCapture> {
    const printed: string[] = [];
    const chromeTrace = path.join(request.outDir, 'chrome-wasm.trace.json');
    let tracing: Page | null = null;
    const handle = await this.openPage('profile', request.trial.threads, request.timeoutMs, {
      onPage: async (page) => {
        page.on('console', (message) => printed.push(message.text()));
        await page.tracing.start({ path: chromeTrace });
        tracing = page;
      },
    });
    try {
      const job: PageProfileJob = { ...request.job, profileFilePrefix: null, modelUrl: this.modelUrl(request.trial.model.path), runtimeModule: this.runtimeModule(request.trial), adapter: null };
      const result = await handle.call('profile-result', (page) =>
        (page as unknown as { evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>> }).evaluate((pageJob: PageProfileJob) => (globalThis as unknown as PageApi).__wtbProfile(pageJob), job),
      );
      await (tracing as Page | null)?.tracing.stop();
      return { result, events: parseOrtTrace(printed.join('\n')), files: [{ kind: 'chrome-trace', path: chromeTrace }] };
    } finally {
      await handle.close();
    }
  }

  /** A page in the browser's own profile, traced for what the compiled-code cache did while `work` ran on it. */
  private async tracedVisit<T>(
    role: PageRole,
    threads: number,
    timeoutMs: number,
    options: { memoryLimitBytes: number | null; faults: PlantedFaults },
    work: (handle: PageHandle) => Promise<T>,
  ): Promise<{ value: T; cache: CodeCacheEvents }> {
    let traced: Page | null = null;
    const handle = await this.openPage(role, threads, timeoutMs, {
      ...options,
      persistent: true,
      onPage: async (page) => {
        await page.tracing.start({ categories: [...CODE_CACHE_TRACE_CATEGORIES] });
        traced = page;
      },
    });
    try {
      const value = await work(handle);
      return { value, cache: codeCacheEvents(await (traced as Page | null)?.tracing.stop()) };
    } finally {
      await handle.close();
    }
  }

  /**
   * Warm loads in the browser's own profile: first up to MAX_FILLING_VISITS visits that load the
   * model and run it (what fills the HTTP and compiled-code caches), until one reads the code
   * cache; then each warm load in a new page of that profile, traced to tell whether its compiled
   * WebAssembly came from the cache.
   */
  private async openWarmLoads(trial: Trial, settings: WorkerSettings, job: HarnessJob, run: PageRunner): Promise<WarmLoadRunner> {
    const faults = plantedFaults(this.env, 'load', trial.model.path);
    const options = { memoryLimitBytes: settings.memoryLimitBytes, faults };
    const useJob: HarnessJob = { ...job, kind: 'inference', warmup: { mode: 'fixed', runs: 0 }, iterations: 1, minTimeMs: FILLING_USE_MS, maxTimeMs: FILLING_USE_MS, checkFinite: false };
    const fill = { visits: 0, useMs: FILLING_USE_MS, filled: false, written: false };
    while (fill.visits < MAX_FILLING_VISITS && !fill.filled) {
      const { cache } = await this.tracedVisit('cache-filling', trial.threads, settings.timeoutMs + FILLING_USE_MS, options, async (handle) => {
        await handle.call('inference-opened', run.start(useJob));
        await handle.call('inference-final', run.finish);
      });
      fill.visits++;
      fill.filled = cache.hit;
      fill.written ||= cache.written;
      // Nothing streamed, nothing Chrome could cache; or a second visit that neither read nor
      // wrote the cache, as a third (the same work in a fresh page) would not: more fill nothing.
      if (!cache.streamed || (fill.visits >= 2 && !cache.hit && !cache.written)) break;
    }
    return {
      fillLoads: fill.visits,
      load: async () => {
        const { value, cache } = await this.tracedVisit('warm-load', trial.threads, settings.timeoutMs, options, (handle) => handle.call('load-result', run.start(job)));
        return { result: value, codeCacheHit: cache.streamed ? cache.hit : null };
      },
      close: async (hits) => codeCacheNote(fill, hits),
    };
  }

  /** Fresh pages for one trial's jobs; the inference pages still open are in `tracked.pages`, what they saw in `tracked`. */
  private pageRunners(trial: Trial, settings: WorkerSettings, tracked: TrackedPages): WorkerRunners<InferenceFinal> {
    const adapter = trial.adapter ? { url: this.adapterUrl(trial.adapter.path), label: adapterLabel(trial.adapter) } : null;
    const urls = { modelUrl: this.modelUrl(trial.model.path), runtimeModule: this.runtimeModule(trial), adapter };
    const api = (page: Page) => page as unknown as { evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>> };
    const faultsFor = (phase: HarnessJob['kind']) => plantedFaults(this.env, phase, trial.model.path);
    const start = (job: HarnessJob) => (page: Page) =>
      api(page).evaluate((pageJob: PageJob) => (globalThis as unknown as PageApi).__wtbStart(pageJob), { ...job, ...urls, hangRun: faultsFor(job.kind).hangRun });
    const pageOptions = (phase: HarnessJob['kind']) => ({ memoryLimitBytes: settings.memoryLimitBytes, faults: faultsFor(phase) });
    const finish = (page: Page) => api(page).evaluate(() => (globalThis as unknown as PageApi).__wtbFinish(), undefined);
    return {
      openWarmLoads: (job) => this.openWarmLoads(trial, settings, job, { start, finish }),
      load: async (job): Promise<LoadResult> => {
        const handle = await this.openPage('load', trial.threads, settings.timeoutMs, pageOptions('load'));
        try {
          return await handle.call('load-result', start(job));
        } finally {
          await handle.close();
        }
      },
      openInference: async (job): Promise<InferenceHandle<InferenceFinal>> => {
        let handle: PageHandle | null = null;
        const retainedCycles = job.retainedCycles > 0;
        const onPage = retainedCycles ? (page: Page) => exposeHostMemory(page, () => handle?.rendererPid() ?? Promise.resolve(null)) : undefined;
        handle = await this.openPage('inference', trial.threads, settings.timeoutMs + settings.maxTimeMs, { ...pageOptions('inference'), onPage });
        const page = handle;
        tracked.pages.add(page);
        const opened = await page.call('inference-opened', start(job));
        return {
          opened,
          more: async (request: ChunkRequest) => (await page.call('chunk', (p) => api(p).evaluate((r: ChunkRequest) => (globalThis as unknown as PageApi).__wtbMore(r), request))).chunk,
          finish: async () => {
            const final = await page.call('inference-final', finish);
            tracked.answer = page.lastAnswer;
            if (retainedCycles) {
              // The peaks are read before the cycles, which are not part of the trial's peak.
              await page.observe();
              page.restartDeadline(settings.timeoutMs, ' or lower --retained-cycles');
              final.retained = (await page.call('retained', (p) => api(p).evaluate(() => (globalThis as unknown as PageApi).__wtbRetained(), undefined))).series;
            }
            const closed = await page.close();
            // With --repeat, the largest any inference page reached.
            tracked.observations = {
              rssPeakBytes: maxOrNull(tracked.observations.rssPeakBytes, closed.rssPeakBytes),
              jsHeapUsedBytes: maxOrNull(tracked.observations.jsHeapUsedBytes, closed.jsHeapUsedBytes),
            };
            tracked.pages.delete(page);
            return final;
          },
        };
      },
    };
  }

  async measure(trial: Trial, settings: MeasureSettings, onProgress: (event: ProgressEvent) => void): Promise<TrialMeasurement> {
    const tracked = trackedPages();
    const warnings: string[] = [];
    try {
      const measured = await measureInWorkers(trial, settings, onProgress, this.pageRunners(trial, settings, tracked));
      if (tracked.observations.rssPeakBytes === null && this.facts.mode === 'launched') {
        warnings.push('could not tell which renderer process ran the page; renderer RSS is not reported');
      }
      const wasmUrl = tracked.answer?.wasmUrls[0];
      return trialMeasurement(
        measured,
        {
          rssPeakBytes: tracked.observations.rssPeakBytes,
          jsHeapPeakBytes: tracked.observations.jsHeapUsedBytes,
          crossOriginIsolated: tracked.answer?.crossOriginIsolated ?? null,
          wasmModule: wasmUrl ? path.posix.basename(new URL(wasmUrl).pathname) : null,
          warnings,
        },
        { peakBytes: measured.final.wasmPeakBytes, peakSource: 'wasm-linear-memory' },
      );
    } finally {
      await Promise.allSettled([...tracked.pages].map((page) => page.close()));
    }
  }

  /**
   * One inference page holding both sides' sessions, each in its slot, taking turns (see
   * measure-paired.ts); closed when both have finished.
   */
  private sharedInferencePage(trials: PairedTrials, settings: WorkerSettings, tracked: TrackedPages): SharedInferenceOpener<InferenceFinal> {
    const api = (page: Page) => page as unknown as { evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>> };
    const faults = { A: plantedFaults(this.env, 'inference', trials.A.model.path), B: plantedFaults(this.env, 'inference', trials.B.model.path) };
    let opening: Promise<PageHandle> | null = null;
    let open = 0;
    return async (slot, job) => {
      // Both sides' timed phases run in this page: its deadline covers both.
      opening ??= this.openPage('inference', trials.A.threads, settings.timeoutMs * 2 + settings.maxTimeMs, {
        memoryLimitBytes: settings.memoryLimitBytes,
        faults: { ...faults.A, crashRenderer: faults.A.crashRenderer || faults.B.crashRenderer },
      });
      const handle = await opening;
      tracked.pages.add(handle);
      const trial = trials[slot];
      const adapter = trial.adapter ? { url: this.adapterUrl(trial.adapter.path), label: adapterLabel(trial.adapter) } : null;
      const pageJob: PageJob = { ...job, modelUrl: this.modelUrl(trial.model.path), runtimeModule: this.runtimeModule(trial), adapter, hangRun: faults[slot].hangRun, slot };
      const opened = await handle.call('inference-opened', (page) => api(page).evaluate((started: PageJob) => (globalThis as unknown as PageApi).__wtbStart(started), pageJob));
      open++;
      return {
        opened,
        more: async (request: ChunkRequest) =>
          (await handle.call('chunk', (page) => api(page).evaluate((r: ChunkRequest & { slot: string }) => (globalThis as unknown as PageApi).__wtbMore(r), { ...request, slot }))).chunk,
        finish: async () => {
          try {
            return await handle.call('inference-final', (page) => api(page).evaluate((finished: string) => (globalThis as unknown as PageApi).__wtbFinish(finished), slot));
          } finally {
            open--;
            if (open === 0) {
              tracked.pages.delete(handle);
              await handle.close();
            }
          }
        },
      };
    };
  }

  async measurePaired(trials: PairedTrials, settings: PairedSettings, onEvent: (event: PairedEvent) => void): Promise<PairedMeasurement> {
    const tracked = trackedPages();
    try {
      const runners = { A: this.pageRunners(trials.A, settings, tracked), B: this.pageRunners(trials.B, settings, tracked) };
      return await measurePairedInWorkers(trials, runners, settings, onEvent, this.sharedInferencePage(trials, settings, tracked));
    } finally {
      await Promise.allSettled([...tracked.pages].map((page) => page.close()));
    }
  }
}

/**
 * Lets the page's retained-memory cycles force a collection and read its memory: the JS heap in
 * use plus ArrayBuffer backing stores (CDP Runtime.getHeapUsage; older browsers lack the latter)
 * and the renderer's resident set from /proc (a launched browser on this machine only).
 */
async function exposeHostMemory(page: Page, rendererPid: () => Promise<number | null>): Promise<void> {
  const client = await page.createCDPSession();
  const functions: HostMemoryFunctions = {
    __wtbHostCollectGarbage: () =>
      client.send('HeapProfiler.collectGarbage').then(
        () => true,
        () => false,
      ),
    __wtbHostMemory: async () => {
      const usage = (await client.send('Runtime.getHeapUsage').catch(() => null)) as { usedSize: number; backingStorageSize?: number } | null;
      const pid = await rendererPid();
      return { jsBytes: usage ? usage.usedSize + (usage.backingStorageSize ?? 0) : null, rssBytes: pid === null ? null : await residentBytes(pid) };
    },
  };
  for (const [name, fn] of Object.entries(functions)) await page.exposeFunction(name, fn);
}

/** The inference pages a measurement has open, and what the closed ones saw. */
interface TrackedPages {
  pages: Set<PageHandle>;
  observations: PageObservations;
  answer: PageAnswer | null;
}

function trackedPages(): TrackedPages {
  return { pages: new Set(), observations: { rssPeakBytes: null, jsHeapUsedBytes: null }, answer: null };
}

function maxOrNull(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

function browserName(version: string): { name: string; version: string } {
  // e.g. "HeadlessChrome/156.0.8078.108" or "Chrome/156.0.8078.108"
  const [product = 'Chrome', number = version] = version.split('/');
  return { name: product.replace(/^Headless/, ''), version: number };
}

/**
 * The folder Chromium made in TMPDIR for its singleton socket (org.chromium.Chromium.*): the
 * profile's SingletonSocket link points into it. Null when there is none.
 */
async function chromiumSingletonDir(userDataDir: string): Promise<string | null> {
  try {
    const dir = path.dirname(await readlink(path.join(userDataDir, 'SingletonSocket')));
    return path.basename(dir).startsWith('org.chromium.') ? dir : null;
  } catch {
    return null;
  }
}

export const chromeWasmLauncher: RuntimeLauncher = {
  async open(config: Readonly<RunConfig>, env: NodeJS.ProcessEnv): Promise<RuntimeSession> {
    // Loaded on demand: runs without a browser never pay for puppeteer's start-up.
    const { default: puppeteer } = await import('puppeteer-core');
    const bundled = await bundledPackage('onnxruntime-web');
    if (!bundled) throw new RuntimeFailure('RUNTIME_UNAVAILABLE', "wasm-torch-bench's own onnxruntime-web is missing; reinstall wasm-torch-bench (npm ci)");
    let browser: Browser;
    let facts: BrowserFacts;
    let cleanup: () => Promise<void>;
    if (config.browserWsEndpoint) {
      try {
        browser = await puppeteer.connect({ browserWSEndpoint: config.browserWsEndpoint, protocolTimeout: 0 });
      } catch (error) {
        throw new RuntimeFailure(
          'RUNTIME_UNAVAILABLE',
          `could not connect to the browser at ${config.browserWsEndpoint}: ${describeError(error)}; check that it is running and the endpoint is current`,
        );
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
        throw new RuntimeFailure(
          'RUNTIME_UNAVAILABLE',
          `could not start ${found.executablePath}: ${describeError(error)}; check the browser works (run it with --headless --version) or point elsewhere with --browser-path`,
        );
      }
      facts = { ...browserName(await browser.version()), executablePath: found.executablePath, mode: 'launched' };
      // Last resort if this process exits without closing the session: puppeteer kills the
      // browser's process group on exit, and the profile folder goes with this hook, with the
      // folder Chromium makes in TMPDIR for its singleton socket (a killed browser leaves it).
      const singletonDir = await chromiumSingletonDir(userDataDir);
      const forget = [userDataDir, ...(singletonDir ? [singletonDir] : [])].map((dir) => removeOnExit(dir));
      cleanup = async () => {
        await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
        for (const dir of [userDataDir, singletonDir]) if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
        for (const undo of forget) undo();
      };
    }
    // /proc of the renderer is only ours to read when we launched the browser on this machine.
    const browserSession = facts.mode === 'launched' ? await browser.target().createCDPSession() : null;
    const server = await startPageServer();
    return new ChromeSession(browser, browserSession, server, facts, cleanup, env, { name: 'onnxruntime-web', version: bundled.version, dir: bundled.dir, source: 'bundled' });
  },
};
