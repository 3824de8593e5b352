/**
 * The local HTTP server the Chrome page loads everything from: the page, the harness modules,
 * the browser build of each onnxruntime-web measured and the model bytes. Bound to 127.0.0.1 on a random port,
 * every URL under a random per-run token, and only an exact allowlist of files is served (no
 * directory listing, no path resolution, so nothing outside the plan can be reached).
 * Every response is cross-origin isolated (COOP + COEP), which wasm threads need. What it serves
 * may be cached for as long as the server lives: its URLs carry the run's token, so they never
 * outlive what they name, and a warm load (a repeat visit) finds them in the browser's HTTP cache,
 * on whose entry for the .wasm Chrome keys its compiled-wasm cache.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

type Route = { kind: 'file'; filePath: string } | { kind: 'inline'; body: string; contentType: string };

/** An onnxruntime-web build as the page loads it. */
export interface ServedRuntime {
  /** The ES module the page imports. */
  url: string;
  /** The .wasm files' folder URL when they are not beside the module (the page sets env.wasm.wasmPaths); else null. */
  wasmPaths: string | null;
}

export interface PageServer {
  /** http://127.0.0.1:<port>/<token>/ */
  readonly baseUrl: string;
  readonly pageUrl: string;
  /**
   * Allows an onnxruntime-web package's entry module and its ort-wasm* builds (.wasm and their
   * .mjs/.js loaders) beside it and in `wasmDir`, at their paths in the package so the module
   * finds them relative to itself; returns what the page imports.
   */
  addRuntime(entryFile: string, wasmDir: string, packageDir: string): ServedRuntime;
  /** Allows one more model file and returns its URL. */
  addModel(filePath: string): string;
  /** Allows a runtime adapter and the files beside it (its kernel, say); returns the module's URL. */
  addAdapter(modulePath: string): string;
  close(): Promise<void>;
}

/** The compiled files the page loads. */
// Resolves to <package>/dist/ from both dist/runtimes/chrome-wasm/ and src/runtimes/chrome-wasm/.
const DIST_ROOT = fileURLToPath(new URL('../../../dist/', import.meta.url));
const PAGE_ENTRY = 'runtimes/chrome-wasm/page-entry.js';

function pageHtml(entryUrl: string): string {
  // The empty data: icon keeps the browser from asking for /favicon.ico.
  return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>wasm-torch-bench</title></head>
<body><script type="module" src="${entryUrl}"></script></body></html>
`;
}

function harnessFiles(): string[] {
  const dir = path.join(DIST_ROOT, 'harness');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => `harness/${name}`);
}

/** Besides its entry, the files of onnxruntime-web the page may load: its WebAssembly builds and their loaders. */
const RUNTIME_FILE = /^ort-wasm[\w.-]*\.(mjs|js|wasm)$/;

/** A path inside a package as URL segments, each encoded. */
const urlPath = (relative: string) => relative.split(path.sep).filter(Boolean).map(encodeURIComponent).join('/');

export async function startPageServer(): Promise<PageServer> {
  const token = randomBytes(16).toString('hex');
  const routes = new Map<string, Route>();
  const prefix = `/${token}/`;
  for (const relative of [...harnessFiles(), PAGE_ENTRY]) {
    routes.set(`${prefix}dist/${relative}`, { kind: 'file', filePath: path.join(DIST_ROOT, relative) });
  }
  routes.set(`${prefix}page.html`, { kind: 'inline', body: pageHtml(`${prefix}dist/${PAGE_ENTRY}`), contentType: CONTENT_TYPES['.html'] as string });

  let origin = '';
  const server: Server = createServer((request, response) => {
    // Only requests addressed to this very origin: a page elsewhere that rebinds a DNS name to
    // 127.0.0.1 sends its own Host header and gets nothing.
    if (`http://${request.headers.host ?? ''}` !== origin) return refuse(response, 421, 'misdirected request');
    void serve(routes, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  let models = 0;
  let adapters = 0;
  let runtimes = 0;
  return {
    baseUrl: `${origin}${prefix}`,
    pageUrl: `${origin}${prefix}page.html`,
    addRuntime(entryFile: string, wasmDir: string, packageDir: string) {
      runtimes++;
      const base = `${prefix}ort/${runtimes}/`;
      const folderUrl = (dir: string) => `${origin}${base}${urlPath(path.relative(packageDir, dir))}/`;
      const allow = (filePath: string) => routes.set(`${base}${urlPath(path.relative(packageDir, filePath))}`, { kind: 'file', filePath });
      allow(entryFile);
      for (const dir of new Set([path.dirname(entryFile), wasmDir])) {
        for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile() && RUNTIME_FILE.test(entry.name)) allow(path.join(dir, entry.name));
      }
      return {
        url: `${origin}${base}${urlPath(path.relative(packageDir, entryFile))}`,
        wasmPaths: wasmDir === path.dirname(entryFile) ? null : folderUrl(wasmDir),
      };
    },
    addModel(filePath: string) {
      models++;
      const route = `${prefix}models/${models}/${encodeURIComponent(path.basename(filePath))}`;
      routes.set(route, { kind: 'file', filePath: path.resolve(filePath) });
      return `${origin}${route}`;
    },
    addAdapter(modulePath: string) {
      adapters++;
      const dir = path.dirname(path.resolve(modulePath));
      const base = `${prefix}adapters/${adapters}/`;
      // The adapter's own folder, one level: what it imports or fetches relative to import.meta.url.
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isFile() && !entry.name.startsWith('.')) routes.set(`${base}${encodeURIComponent(entry.name)}`, { kind: 'file', filePath: path.join(dir, entry.name) });
      }
      return `${origin}${base}${encodeURIComponent(path.basename(modulePath))}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${message}\n`);
}

/** Cached without revalidation, as a site serves its versioned static files. */
export const CACHEABLE = 'public, max-age=31536000, immutable';

async function serve(routes: Map<string, Route>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'method not allowed');
  // Exact match on the raw path: no decoding, no normalisation, so "..", "%2e%2e" or "//" never
  // resolve to anything but a miss.
  const rawPath = (request.url ?? '').split('?')[0] ?? '';
  const route = routes.get(rawPath);
  if (!route) return refuse(response, 404, 'not found');
  const headers = { ...ISOLATION_HEADERS, 'Cache-Control': CACHEABLE };
  if (route.kind === 'inline') {
    response.writeHead(200, { ...headers, 'Content-Type': route.contentType, 'Content-Length': Buffer.byteLength(route.body) });
    response.end(request.method === 'HEAD' ? undefined : route.body);
    return;
  }
  let size: number;
  try {
    size = (await stat(route.filePath)).size;
  } catch {
    return refuse(response, 404, 'not found');
  }
  const contentType = CONTENT_TYPES[path.extname(route.filePath)] ?? 'application/octet-stream';
  response.writeHead(200, { ...headers, 'Content-Type': contentType, 'Content-Length': size });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(route.filePath)
    .on('error', () => response.destroy())
    .pipe(response);
}
