/**
 * The page server against a real HTTP server on 127.0.0.1, real files and raw requests.
 *
 * Requests go through node:http with the path exactly as written (fetch/undici would normalise
 * "..", "%2e%2e" and "//" away before sending, so traversal attempts would never reach the server).
 *
 * The server serves compiled files from dist/ (the page runs them), so `npm test` builds first.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPageServer, type PageServer } from '../../src/runtimes/chrome-wasm/page-server.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { tempDir as makeTempDir } from '../helpers/cli.js';

const RUNTIME_DIST_DIR = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-web/wasm'));
const RUNTIME_PACKAGE_DIR = path.dirname(RUNTIME_DIST_DIR);
/** The tool's own onnxruntime-web, as the chrome-wasm launcher adds it: its entry and .wasm share dist/. */
const addBundledRuntime = (server: PageServer) => server.addRuntime(path.join(RUNTIME_DIST_DIR, 'ort.wasm.bundle.min.mjs'), RUNTIME_DIST_DIR, RUNTIME_PACKAGE_DIR);
const DIST_DIR = path.join(REPO_ROOT, 'dist');

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request with the path sent byte for byte as given. */
function rawRequest(port: number, rawPath: string, method = 'GET', headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: rawPath, method, agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

function portOf(server: PageServer): number {
  return Number(new URL(server.baseUrl).port);
}

function tokenOf(server: PageServer): string {
  const segment = new URL(server.baseUrl).pathname.split('/')[1];
  if (!segment) throw new Error(`no token in ${server.baseUrl}`);
  return segment;
}

/** GET a full URL from the server (path and query taken from the URL as is). */
function get(server: PageServer, url: string, method = 'GET'): Promise<RawResponse> {
  const parsed = new URL(url);
  return rawRequest(portOf(server), `${parsed.pathname}${parsed.search}`, method);
}

function expectIsolated(response: RawResponse): void {
  expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(response.headers['cross-origin-embedder-policy']).toBe('require-corp');
}

function expectNotFound(response: RawResponse): void {
  expect(response.status).toBe(404);
  expectIsolated(response);
  expect(response.body.toString('utf8')).toBe('not found\n');
}

const opened: PageServer[] = [];
async function open(): Promise<PageServer> {
  const server = await startPageServer();
  opened.push(server);
  return server;
}

let tempDir: string;
beforeAll(() => {
  tempDir = makeTempDir('wtb-page-server-');
});
afterAll(() => {
  rmSync(tempDir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((server) => server.close()));
});

describe('startPageServer: address and token', () => {
  it('binds to 127.0.0.1 on a random non-zero port, every URL under a 32-hex token', async () => {
    const server = await open();
    const base = new URL(server.baseUrl);
    expect(base.protocol).toBe('http:');
    expect(base.hostname).toBe('127.0.0.1');
    expect(Number(base.port)).toBeGreaterThan(0);
    const token = tokenOf(server);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(server.baseUrl).toBe(`http://127.0.0.1:${base.port}/${token}/`);
    expect(server.pageUrl).toBe(`${server.baseUrl}page.html`);
    expect(addBundledRuntime(server).url.startsWith(server.baseUrl)).toBe(true);
    expect(new URL(server.pageUrl).host).toBe(base.host);
  });

  it('gives two servers different tokens and different ports', async () => {
    const first = await open();
    const second = await open();
    expect(tokenOf(first)).not.toBe(tokenOf(second));
    expect(portOf(first)).not.toBe(portOf(second));
    // Each answers only its own token.
    expect((await get(first, first.pageUrl)).status).toBe(200);
    expectNotFound(await rawRequest(portOf(first), `/${tokenOf(second)}/page.html`));
  });
});

describe('startPageServer: the page', () => {
  it('answers 200 text/html, cross-origin isolated, with a module script pointing at the page entry under the token', async () => {
    const server = await open();
    const response = await get(server, server.pageUrl);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html\b/);
    expectIsolated(response);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    const html = response.body.toString('utf8');
    const match = /<script type="module" src="([^"]+)"/.exec(html);
    expect(match).not.toBeNull();
    const entryUrl = new URL(match?.[1] ?? '', server.pageUrl);
    expect(entryUrl.href).toBe(`${server.baseUrl}dist/runtimes/chrome-wasm/page-entry.js`);
    const entry = await get(server, entryUrl.href);
    expect(entry.status).toBe(200);
    expect(entry.headers['content-type']).toMatch(/^text\/javascript\b/);
  });

  it('puts the isolation headers on 404 and 405 responses too', async () => {
    const server = await open();
    const notFound = await rawRequest(portOf(server), '/nothing-here');
    expect(notFound.status).toBe(404);
    expectIsolated(notFound);
    const notAllowed = await get(server, server.pageUrl, 'POST');
    expect(notAllowed.status).toBe(405);
    expectIsolated(notAllowed);
  });

  it('lets the browser cache what it serves (repeat visits find it without revalidating), never a refusal', async () => {
    const server = await open();
    const runtime = addBundledRuntime(server);
    for (const url of [server.pageUrl, runtime.url, `${server.baseUrl}ort/1/dist/ort-wasm-simd-threaded.wasm`]) {
      expect((await get(server, url)).headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    expect((await rawRequest(portOf(server), '/nothing-here')).headers['cache-control']).toBe('no-store');
  });

  it('answers HEAD of the page with 200, the headers and no body', async () => {
    const server = await open();
    const full = await get(server, server.pageUrl);
    const head = await get(server, server.pageUrl, 'HEAD');
    expect(head.status).toBe(200);
    expectIsolated(head);
    expect(head.headers['content-type']).toBe(full.headers['content-type']);
    expect(head.headers['content-length']).toBe(String(full.body.length));
    expect(head.body.length).toBe(0);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const server = await open();
    const response = await get(server, server.pageUrl, method);
    expect(response.status).toBe(405);
    expect(response.body.toString('utf8')).not.toContain('<script');
  });
});

describe('startPageServer: onnxruntime-web', () => {
  it('serves the added entry (ort.wasm.bundle.min.mjs) at its path in the package, as JavaScript, byte for byte; the .wasm beside it needs no wasmPaths', async () => {
    const server = await open();
    const runtime = addBundledRuntime(server);
    expect(runtime).toEqual({ url: `${server.baseUrl}ort/1/dist/ort.wasm.bundle.min.mjs`, wasmPaths: null });
    const response = await get(server, runtime.url);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript\b/);
    expectIsolated(response);
    expect(response.body.equals(readFileSync(path.join(RUNTIME_DIST_DIR, 'ort.wasm.bundle.min.mjs')))).toBe(true);
  });

  it('serves ort/1/dist/ort-wasm-simd-threaded.wasm as application/wasm with the size on disk', async () => {
    const server = await open();
    addBundledRuntime(server);
    const onDisk = path.join(RUNTIME_DIST_DIR, 'ort-wasm-simd-threaded.wasm');
    const response = await get(server, `${server.baseUrl}ort/1/dist/ort-wasm-simd-threaded.wasm`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/wasm');
    expect(Number(response.headers['content-length'])).toBe(statSync(onDisk).size);
    expect(response.body.length).toBe(statSync(onDisk).size);
    expect(response.body.subarray(0, 4).equals(Buffer.from([0x00, 0x61, 0x73, 0x6d]))).toBe(true);
    expect(response.body.equals(readFileSync(onDisk))).toBe(true);
  });

  it('HEAD of the wasm gives its length and no body', async () => {
    const server = await open();
    addBundledRuntime(server);
    const response = await get(server, `${server.baseUrl}ort/1/dist/ort-wasm-simd-threaded.wasm`, 'HEAD');
    expect(response.status).toBe(200);
    expect(Number(response.headers['content-length'])).toBe(statSync(path.join(RUNTIME_DIST_DIR, 'ort-wasm-simd-threaded.wasm')).size);
    expect(response.body.length).toBe(0);
  });
});

describe('startPageServer: another onnxruntime-web beside the bundled one', () => {
  // onnxruntime-web 1.17.3, a devDependency under an npm alias: its browser module is in dist/esm/, its .wasm files in dist/.
  const OLD_PACKAGE_DIR = path.join(REPO_ROOT, 'node_modules', 'onnxruntime-web-1-17');

  it('serves each package under its own number; a .wasm folder away from the module is given as wasmPaths', async () => {
    const server = await open();
    addBundledRuntime(server);
    const old = server.addRuntime(path.join(OLD_PACKAGE_DIR, 'dist', 'esm', 'ort.wasm.min.js'), path.join(OLD_PACKAGE_DIR, 'dist'), OLD_PACKAGE_DIR);
    expect(old).toEqual({ url: `${server.baseUrl}ort/2/dist/esm/ort.wasm.min.js`, wasmPaths: `${server.baseUrl}ort/2/dist/` });
    const entry = await get(server, old.url);
    expect(entry.status).toBe(200);
    expect(entry.body.equals(readFileSync(path.join(OLD_PACKAGE_DIR, 'dist', 'esm', 'ort.wasm.min.js')))).toBe(true);
    for (const name of ['ort-wasm.wasm', 'ort-wasm-simd.wasm', 'ort-wasm-threaded.wasm', 'ort-wasm-simd-threaded.wasm']) {
      const wasm = await get(server, `${old.wasmPaths}${name}`, 'HEAD');
      expect(wasm.status, name).toBe(200);
      expect(wasm.headers['content-type'], name).toBe('application/wasm');
    }
    // Only the entry and the ort-wasm* builds: other modules of the package stay out.
    for (const other of ['dist/esm/ort.min.js', 'dist/ort.node.min.js', 'dist/ort.wasm.min.js', 'package.json', 'dist/esm/ort.wasm.min.js.map'])
      expectNotFound(await get(server, `${server.baseUrl}ort/2/${other}`));
    expect((await get(server, `${server.baseUrl}ort/1/dist/ort.wasm.bundle.min.mjs`, 'HEAD')).status).toBe(200);
  });
});

describe('startPageServer: harness modules and page entry', () => {
  it('serves every compiled harness module under dist/harness/, byte for byte', async () => {
    const server = await open();
    const names = readdirSync(path.join(DIST_DIR, 'harness')).filter((name) => name.endsWith('.js'));
    expect(names).toContain('memory-probe.js');
    for (const name of names) {
      const response = await get(server, `${server.baseUrl}dist/harness/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers['content-type'], name).toMatch(/^text\/javascript\b/);
      expectIsolated(response);
      expect(response.body.equals(readFileSync(path.join(DIST_DIR, 'harness', name))), name).toBe(true);
    }
  });

  it('serves the page entry under dist/runtimes/chrome-wasm/page-entry.js, byte for byte', async () => {
    const server = await open();
    const response = await get(server, `${server.baseUrl}dist/runtimes/chrome-wasm/page-entry.js`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript\b/);
    expect(response.body.equals(readFileSync(path.join(DIST_DIR, 'runtimes/chrome-wasm/page-entry.js')))).toBe(true);
  });

  it('serves the whole static import graph of the page entry (every relative import answers 200)', async () => {
    const server = await open();
    const seen = new Set<string>();
    const queue = [`${server.baseUrl}dist/runtimes/chrome-wasm/page-entry.js`];
    while (queue.length > 0) {
      const url = queue.shift() as string;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await get(server, url);
      expect(response.status, url).toBe(200);
      const source = response.body.toString('utf8');
      for (const match of source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)) {
        const specifier = match[1] ?? match[2] ?? '';
        expect(specifier.startsWith('.'), `${url} imports ${specifier}, which a browser cannot resolve`).toBe(true);
        queue.push(new URL(specifier, url).href);
      }
    }
    expect(seen.size).toBeGreaterThan(2);
  });

  it('serves nothing else from dist/: source maps, declarations and non-page modules are 404', async () => {
    const server = await open();
    for (const rest of [
      'dist/harness/memory-probe.js.map',
      'dist/harness/memory-probe.d.ts',
      'dist/runtimes/chrome-wasm/page-entry.js.map',
      'dist/runtimes/chrome-wasm/page-server.js',
      'dist/runtimes/chrome-wasm/launcher.js',
      'dist/index.js',
      'dist/errors.js',
      'src/harness/memory-probe.ts',
      'harness/memory-probe.js',
    ]) {
      expectNotFound(await rawRequest(portOf(server), `/${tokenOf(server)}/${rest}`));
    }
  });
});

describe('startPageServer: models', () => {
  it('addModel returns a URL under the token that serves exactly the file bytes', async () => {
    const server = await open();
    const bytes = Buffer.from([0x08, 0x07, 0x12, 0x00, 0xff, 0x80, 0x0a, 0x0d, 0x0a, 0x00]);
    const filePath = path.join(tempDir, 'model.onnx');
    writeFileSync(filePath, bytes);
    const url = server.addModel(filePath);
    expect(url.startsWith(`${server.baseUrl}models/`)).toBe(true);
    const response = await get(server, url);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(Number(response.headers['content-length'])).toBe(bytes.length);
    expectIsolated(response);
    expect(response.body.equals(bytes)).toBe(true);
  });

  it('gives a second model a different URL, and each URL keeps serving its own file', async () => {
    const server = await open();
    const first = path.join(tempDir, 'first.onnx');
    const secondDir = mkdtempSync(path.join(tempDir, 'second-'));
    const second = path.join(secondDir, 'first.onnx'); // same base name, other bytes
    writeFileSync(first, 'first model bytes');
    writeFileSync(second, 'second model, other bytes');
    const firstUrl = server.addModel(first);
    const secondUrl = server.addModel(second);
    expect(secondUrl).not.toBe(firstUrl);
    expect((await get(server, firstUrl)).body.toString('utf8')).toBe('first model bytes');
    expect((await get(server, secondUrl)).body.toString('utf8')).toBe('second model, other bytes');
  });

  it('handles a file name with spaces and unicode', async () => {
    const server = await open();
    const filePath = path.join(tempDir, 'mödel ünïcode 模型 #1?.onnx');
    const bytes = Buffer.from('bytes of a model whose name needs encoding');
    writeFileSync(filePath, bytes);
    const url = server.addModel(filePath);
    // Percent-encoded: printable ASCII only, and '#' / '?' in the name do not become hash or query.
    expect(url).toMatch(/^[\x21-\x7e]+$/);
    expect(new URL(url).search).toBe('');
    expect(new URL(url).hash).toBe('');
    expect(decodeURIComponent(url.slice(url.lastIndexOf('/') + 1))).toBe(path.basename(filePath));
    const response = await get(server, url);
    expect(response.status).toBe(200);
    expect(response.body.equals(bytes)).toBe(true);
  });

  it('does not serve a model that was never added, nor a guessed neighbour', async () => {
    const server = await open();
    const filePath = path.join(tempDir, 'only.onnx');
    writeFileSync(filePath, 'only');
    const url = server.addModel(filePath);
    const token = tokenOf(server);
    expect(new URL(url).pathname).toBe(`/${token}/models/1/only.onnx`);
    for (const rawPath of [`/${token}/models/2/only.onnx`, `/${token}/models/1/`, `/${token}/models/1/other.onnx`, `/${token}/models/`]) {
      expectNotFound(await rawRequest(portOf(server), rawPath));
    }
  });

  it('answers 404 (and keeps running) when an added model file has been deleted', async () => {
    const server = await open();
    const filePath = path.join(tempDir, 'deleted.onnx');
    writeFileSync(filePath, 'soon gone');
    const url = server.addModel(filePath);
    rmSync(filePath);
    expectNotFound(await get(server, url));
    expect((await get(server, server.pageUrl)).status).toBe(200);
  });
});

describe('startPageServer: traversal and escape attempts', () => {
  let server: PageServer;
  let token: string;
  let port: number;
  let secretPath: string;

  beforeAll(async () => {
    // Its own server (not in `opened`): these tests share it and it is closed in afterAll.
    server = await startPageServer();
    addBundledRuntime(server);
    token = tokenOf(server);
    port = portOf(server);
    secretPath = path.join(tempDir, 'secret-model.onnx');
    writeFileSync(secretPath, 'model bytes that are allowed');
    server.addModel(secretPath);
  });
  afterAll(async () => {
    await server.close();
  });

  /** 404 whose body is exactly the fixed refusal text, so no byte of any file can be in it. */
  function expectNoLeak(response: RawResponse): void {
    expectNotFound(response);
  }

  const attempts: Array<[string, (token: string) => string]> = [
    ['dot-dot back into the token', (t) => `/${t}/../${t}/page.html`],
    ['dot-dot out of dist', (t) => `/${t}/dist/../package.json`],
    ['dot-dot out of the token', (t) => `/${t}/../package.json`],
    ['encoded dot-dot out of dist/harness', (t) => `/${t}/dist/harness/%2e%2e/%2e%2e/package.json`],
    ['upper-case encoded dot-dot', (t) => `/${t}/dist/harness/%2E%2E/%2E%2E/package.json`],
    ['encoded dot-dot to /etc/passwd', (t) => `/${t}/%2e%2e/%2e%2e/etc/passwd`],
    ['dot-dot with an encoded slash inside ort/', (t) => `/${t}/ort/..%2fort.node.min.mjs`],
    ['encoded slash and dot-dot to package.json', (t) => `/${t}/ort/..%2f..%2f..%2f..%2fpackage.json`],
    ['backslash dot-dot', (t) => `/${t}/ort/..\\..\\package.json`],
    ['encoded backslash dot-dot', (t) => `/${t}/ort/..%5c..%5cpackage.json`],
    ['double slash', (t) => `//${t}/page.html`],
    ['double slash after the token', (t) => `/${t}//page.html`],
    ['double slash inside ort/', (t) => `/${t}/ort//ort.wasm.bundle.min.mjs`],
    ['dot segment', (t) => `/${t}/./page.html`],
    ['encoded page path', (t) => `/${t}/page%2ehtml`],
    ['trailing slash on a file', (t) => `/${t}/page.html/`],
    ['null byte', (t) => `/${t}/page.html%00`],
    ['absolute path', () => '/etc/passwd'],
    ['absolute path after the token', (t) => `/${t}//etc/passwd`],
    ['absolute-form request target', () => 'http://127.0.0.1/etc/passwd'],
    ['dot-dot out of an added model', (t) => `/${t}/models/1/../../../../etc/passwd`],
    ['dot-dot from a model to package.json', (t) => `/${t}/models/1/../../dist/../package.json`],
    ['directory dist/harness/ (no listing)', (t) => `/${t}/dist/harness/`],
    ['directory dist/harness without slash', (t) => `/${t}/dist/harness`],
    ['directory ort/', (t) => `/${t}/ort/`],
    ['directory models/1', (t) => `/${t}/models/1`],
    ['the token root', (t) => `/${t}/`],
    ['the token without slash', (t) => `/${t}`],
    ['the server root', () => '/'],
    ['ORT file that is not allowlisted: ort.node.min.mjs', (t) => `/${t}/ort/1/dist/ort.node.min.mjs`],
    ['ORT file that is not allowlisted: package.json', (t) => `/${t}/ort/1/package.json`],
    ['ORT file that is not allowlisted: ort.wasm.min.mjs', (t) => `/${t}/ort/1/dist/ort.wasm.min.mjs`],
    ['ORT file that is not allowlisted: source map', (t) => `/${t}/ort/1/dist/ort.wasm.bundle.min.mjs.map`],
    ['ORT file outside the package folder layout', (t) => `/${t}/ort/1/ort-wasm-simd-threaded.wasm`],
    ['a runtime never added', (t) => `/${t}/ort/2/dist/ort.wasm.bundle.min.mjs`],
    ['dot-dot out of a runtime', (t) => `/${t}/ort/1/dist/../package.json`],
  ];

  it.each(attempts)('%s gets 404 with no file content', async (_label, build) => {
    const rawPath = build(token);
    expectNoLeak(await rawRequest(port, rawPath));
    const head = await rawRequest(port, rawPath, 'HEAD');
    expect(head.status).toBe(404);
    expect(head.body.length).toBe(0);
  });

  it('the allowed files are still reachable on the same server (the 404s are not a broken server)', async () => {
    expect((await rawRequest(port, `/${token}/page.html`)).status).toBe(200);
    expect((await rawRequest(port, `/${token}/models/1/secret-model.onnx`)).body.toString('utf8')).toBe('model bytes that are allowed');
  });

  describe('wrong tokens', () => {
    it('another 32-hex token gets 404', async () => {
      const other = token.replace(/^./, (first) => (first === '0' ? '1' : '0'));
      expect(other).not.toBe(token);
      expect(other).toMatch(/^[0-9a-f]{32}$/);
      expectNoLeak(await rawRequest(port, `/${other}/page.html`));
      expectNoLeak(await rawRequest(port, `/${'0'.repeat(32)}/page.html`));
    });

    it('the token in upper case gets 404', async () => {
      const upper = token.toUpperCase();
      // A token of digits only would not change; astronomically unlikely, but make the test honest.
      expect(upper).not.toBe(token);
      expectNoLeak(await rawRequest(port, `/${upper}/page.html`));
      expectNoLeak(await rawRequest(port, `/${upper}/ort/1/dist/ort.wasm.bundle.min.mjs`));
    });

    it('a missing token gets 404', async () => {
      expectNoLeak(await rawRequest(port, '/page.html'));
      expectNoLeak(await rawRequest(port, '/ort/1/dist/ort.wasm.bundle.min.mjs'));
      expectNoLeak(await rawRequest(port, '/dist/harness/memory-probe.js'));
      expectNoLeak(await rawRequest(port, '/models/1/secret-model.onnx'));
    });

    it('a truncated or extended token gets 404', async () => {
      expectNoLeak(await rawRequest(port, `/${token.slice(0, 31)}/page.html`));
      expectNoLeak(await rawRequest(port, `/${token}0/page.html`));
      expectNoLeak(await rawRequest(port, `/x${token}/page.html`));
    });
  });

  describe('query strings', () => {
    it('do not change routing: pageUrl?x=1 is still the page', async () => {
      const plain = await rawRequest(port, `/${token}/page.html`);
      const withQuery = await rawRequest(port, `/${token}/page.html?x=1`);
      expect(withQuery.status).toBe(200);
      expect(withQuery.headers['content-type']).toMatch(/^text\/html\b/);
      expect(withQuery.body.equals(plain.body)).toBe(true);
      const wasm = await rawRequest(port, `/${token}/ort/1/dist/ort-wasm-simd-threaded.wasm?v=2`);
      expect(wasm.status).toBe(200);
      expect(wasm.headers['content-type']).toBe('application/wasm');
    });

    it('cannot smuggle a path', async () => {
      const smuggled = await rawRequest(port, `/${token}/page.html?/../../package.json`);
      expect(smuggled.status).toBe(200);
      expect(smuggled.headers['content-type']).toMatch(/^text\/html\b/);
      expect(smuggled.body.equals((await rawRequest(port, `/${token}/page.html`)).body)).toBe(true);
      for (const rawPath of [
        `/${token}/?page.html`,
        `/${token}/?/page.html`,
        `/?/${token}/page.html`,
        `/${token}/dist/?../package.json`,
        `/${token}/ort/?ort.node.min.mjs`,
        `/${token}/ort%3fx/ort.wasm.bundle.min.mjs`,
        `/${token}/page.html%3Fx=1`,
        `/${token}/page.html#/../../package.json`,
      ]) {
        expectNoLeak(await rawRequest(port, rawPath));
      }
    });
  });
});

describe('startPageServer: close', () => {
  it('refuses connections after close()', async () => {
    const server = await startPageServer();
    const port = portOf(server);
    expect((await get(server, server.pageUrl)).status).toBe(200);
    await server.close();
    await expect(rawRequest(port, new URL(server.pageUrl).pathname)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('close() resolves even with a kept-alive connection open', async () => {
    const server = await startPageServer();
    const port = portOf(server);
    const agent = new http.Agent({ keepAlive: true });
    try {
      await new Promise<void>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: new URL(server.pageUrl).pathname, agent }, (response) => {
            response.resume();
            response.on('end', () => resolve());
          })
          .on('error', reject);
      });
      await server.close();
      await expect(rawRequest(port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      agent.destroy();
    }
  });
});

describe('DNS rebinding', () => {
  it('a request whose Host is not this origin gets nothing, even with the right token', async () => {
    const server = await startPageServer();
    try {
      const port = portOf(server);
      const pagePath = new URL(server.pageUrl).pathname;
      expect((await rawRequest(port, pagePath)).status).toBe(200);
      for (const host of [`attacker.example:${port}`, 'localhost', `localhost:${port}`, '127.0.0.1']) {
        const response = await rawRequest(port, pagePath, 'GET', { Host: host });
        expect(response.status).toBe(421);
        expect(response.body.toString()).not.toContain('<script');
        expectIsolated(response);
      }
    } finally {
      await server.close();
    }
  });
});
