/**
 * The HTML report through the whole CLI: a quick run of two models on node-wasm and chrome-wasm,
 * then `compare` of that run against its own baseline (the baseline view, without measuring
 * again), each page opened in headless Chromium from disk. The page must render without errors,
 * fetch nothing, and hold its plots. The runs are in-process on the simulated runtimes (the
 * report is under test, not the measuring); the browser that views the pages is real.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { findBrowser } from '../../src/runtimes/chrome-wasm/find-browser.js';
import { QUICK_SAMPLES, RELAXED, readJson, tempDir } from '../helpers/cli.js';
import { runSimulated } from '../helpers/run-main.js';
import { liveToolBrowsers } from '../helpers/chrome.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';

const ARTIFACTS = path.join(REPO_ROOT, '.vitest-artifacts');
const tiny = fixture('tiny-mlp');
const int64 = fixture('int64-input');
// Timing is not under test: regressions of up to 100× pass. One inference worker per row.
const RUN = [tiny.path, int64.path, ...QUICK_SAMPLES, ...RELAXED, '--max-time', '2s', '--repeat', '1', '--runtime', 'node-wasm,chrome-wasm', '--reporter', 'html,json', '--max-regression', '100x'];

interface PageVisit {
  consoleErrors: string[];
  pageErrors: string[];
  /** Every URL the page asked for, the document included. */
  requests: string[];
}

interface RowShape {
  id: string;
  svgs: { id: string; role: string | null; title: string; drawnPaths: number; dataMarks: number; widthPx: number }[];
}

let browser: Browser;
let profileDir: string;
const outDirs: string[] = [];

async function visit(htmlPath: string): Promise<{ page: Page; visit: PageVisit }> {
  const page = await browser.newPage();
  const seen: PageVisit = { consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.on('request', (request) => seen.requests.push(request.url()));
  await page.setViewport({ width: 1500, height: 1000 });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  return { page, visit: seen };
}

/** Each section's plots as the browser sees them: role, accessible title, drawn paths, size on screen. */
function sectionShapes(page: Page, selector: string): Promise<RowShape[]> {
  return page.$$eval(selector, (sections) =>
    sections.map((section) => ({
      id: section.id,
      svgs: Array.from(section.querySelectorAll('svg')).map((svg) => {
        // The marks that carry data (curves, bands, bars, ratio dots), not axes and grid lines.
        const marks = Array.from(svg.querySelectorAll('.ecdf, .band, .median, .run-line, .phase-read, .phase-init, .phase-create, .mem-gated, .mem-other, .ratio-dot'));
        return {
          id: svg.id,
          role: svg.getAttribute('role'),
          title: svg.querySelector(':scope > title')?.textContent ?? '',
          drawnPaths: Array.from(svg.querySelectorAll('path')).filter((element) => element.getTotalLength() > 0).length,
          dataMarks: marks.filter((element) => {
            const box = (element as SVGGraphicsElement).getBBox();
            return box.width > 0 || box.height > 0;
          }).length,
          widthPx: svg.getBoundingClientRect().width,
        };
      }),
    })),
  );
}

async function runInto(args: string[]): Promise<{ out: string; report: RunReport; htmlPath: string }> {
  const out = tempDir('wtb-html-');
  outDirs.push(out);
  const result = await runSimulated([...args, '--out', out]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status, result.stdout + result.stderr).toBe(0);
  const htmlPath = path.join(out, 'wasm-torch-bench.html');
  expect(existsSync(htmlPath)).toBe(true);
  return { out, report: readJson<RunReport>(path.join(out, 'wasm-torch-bench.json')), htmlPath };
}

describe('the HTML report of real runs, in a real browser', () => {
  let first: Awaited<ReturnType<typeof runInto>>;
  let second: Awaited<ReturnType<typeof runInto>>;

  beforeAll(async () => {
    const baselineFile = path.join(tempDir('wtb-html-baseline-'), 'baseline.json');
    outDirs.push(path.dirname(baselineFile));
    first = await runInto([...RUN, '--save-baseline', baselineFile]);
    second = await runInto(['compare', baselineFile, path.join(first.out, 'wasm-torch-bench.json'), '--reporter', 'html,json', '--max-regression', '100x', '--inconclusive', 'warn']);
    profileDir = tempDir('wtb-html-viewer-');
    const args = ['--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    browser = await puppeteer.launch({ executablePath: findBrowser(null, process.env).executablePath, headless: true, userDataDir: profileDir, args });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
    expect(liveToolBrowsers()).toEqual([]);
  });

  it('the run measured four rows, the comparison kept them, and each wrote one self-contained page', () => {
    for (const run of [first, second]) {
      expect(run.report.results.map((row) => `${row.model.name} ${row.runtime} ${row.status}`)).toEqual([
        'tiny-mlp.onnx node-wasm ok',
        'tiny-mlp.onnx chrome-wasm ok',
        'int64-input.onnx node-wasm ok',
        'int64-input.onnx chrome-wasm ok',
      ]);
      const html = readFileSync(run.htmlPath, 'utf8');
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    }
    expect(second.report.results.every((row) => row.baseline !== null)).toBe(true);
  });

  it('without a baseline: renders with no errors and no requests, each row with its five plots and each model its overlay', async () => {
    const { page, visit: seen } = await visit(first.htmlPath);
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    expect(seen.requests).toEqual([pathToFileURL(first.htmlPath).href]);
    const rows = await sectionShapes(page, 'section.row');
    expect(rows.map((row) => row.id)).toEqual(['row-1', 'row-2', 'row-3', 'row-4']);
    for (const row of rows) {
      expect(row.svgs.map((svg) => svg.id)).toEqual(['ecdf', 'inference-run', 'load-phases', 'load-run', 'memory'].map((plot) => `${row.id}-${plot}`));
      for (const svg of row.svgs) {
        expect(svg.role).toBe('img');
        expect(svg.title.length).toBeGreaterThan(20);
        expect(svg.drawnPaths).toBeGreaterThan(3);
        expect(svg.dataMarks).toBeGreaterThan(0);
        expect(svg.widthPx).toBeGreaterThan(300);
      }
    }
    const models = await sectionShapes(page, 'section.model');
    expect(models.map((model) => model.svgs.map((svg) => svg.id))).toEqual([['model-1-ecdf'], ['model-2-ecdf']]);
    expect(await page.$$eval('#model-1-ecdf path.ecdf', (paths) => paths.length)).toBe(2);
    await page.close();
  });

  it('against the baseline: adds the ratio plots, renders cleanly, and leaves a screenshot', async () => {
    const { page, visit: seen } = await visit(second.htmlPath);
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    expect(seen.requests).toEqual([pathToFileURL(second.htmlPath).href]);
    expect(await sectionShapes(page, 'section.row')).toHaveLength(4);
    const models = await sectionShapes(page, 'section.model');
    expect(models.map((model) => model.svgs.map((svg) => svg.id))).toEqual([
      ['model-1-ecdf', 'model-1-baseline'],
      ['model-2-ecdf', 'model-2-baseline'],
    ]);
    for (const model of models) {
      for (const svg of model.svgs) {
        expect(svg.drawnPaths).toBeGreaterThan(3);
        expect(svg.dataMarks).toBeGreaterThan(1);
      }
    }
    // Five ratios per row (load P50 and P95, inference P50 and P99, memory), two rows per model.
    expect(await page.$$eval('#model-1-baseline circle.ratio-dot', (dots) => dots.length)).toBe(10);
    expect(await page.$eval('h1', (heading) => heading.textContent)).toBe('wasm-torch-bench report');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });
    copyFileSync(second.htmlPath, path.join(ARTIFACTS, 'html-report.html'));
    await page.close();
  });
});
