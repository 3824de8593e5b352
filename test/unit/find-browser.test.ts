/** findBrowser against real files in a temp directory; the env object is always passed explicitly. */
import { accessSync, chmodSync, constants, existsSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_RUNTIME, RuntimeFailure } from '../../src/errors.js';
import { COMMON_BROWSER_PATHS, findBrowser, INSTALL_HINT } from '../../src/runtimes/chrome-wasm/find-browser.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
let executable: string;
let otherExecutable: string;
let notExecutable: string;
let noBits: string;
let directory: string;
let missing: string;
let linkToExecutable: string;
let linkToDirectory: string;

function isExecutableForThisProcess(filePath: string): boolean {
  try {
    accessSync(filePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  dir = tempDir('wtb-find-browser-');
  executable = path.join(dir, 'chrome');
  otherExecutable = path.join(dir, 'chromium from env');
  notExecutable = path.join(dir, 'chrome-no-exec');
  noBits = path.join(dir, 'chrome-no-bits');
  directory = path.join(dir, 'a-directory');
  missing = path.join(dir, 'does', 'not', 'exist', 'chrome');
  linkToExecutable = path.join(dir, 'chrome-link');
  linkToDirectory = path.join(dir, 'dir-link');
  for (const file of [executable, otherExecutable, notExecutable, noBits]) writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(executable, 0o755);
  chmodSync(otherExecutable, 0o755);
  chmodSync(notExecutable, 0o644);
  chmodSync(noBits, 0o000);
  mkdirSync(directory, { mode: 0o755 });
  symlinkSync(executable, linkToExecutable);
  symlinkSync(directory, linkToDirectory);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs findBrowser and returns the RuntimeFailure it throws (fails the test if it does not throw one). */
function failureOf(run: () => unknown): RuntimeFailure {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RuntimeFailure);
    return error as RuntimeFailure;
  }
  throw new Error('expected findBrowser to throw, but it returned');
}

function expectRuntimeUnavailable(failure: RuntimeFailure): void {
  expect(failure.code).toBe('RUNTIME_UNAVAILABLE');
  expect(failure.exitCode).toBe(3);
  expect(failure.exitCode).toBe(EXIT_RUNTIME);
  expect(failure.message).toContain('apt-get install chromium');
  expect(failure.message).toContain('--browser-path');
  expect(failure.message).toContain('WTB_CHROME_PATH');
  expect(failure.message).toContain('--runtime node-wasm');
  expect(failure.message).toContain(INSTALL_HINT);
}

describe('test setup assumptions', () => {
  it('the temp files have the permissions the tests rely on (also when running as root)', () => {
    expect(statSync(executable).mode & 0o777).toBe(0o755);
    expect(statSync(notExecutable).mode & 0o777).toBe(0o644);
    expect(isExecutableForThisProcess(executable)).toBe(true);
    expect(isExecutableForThisProcess(otherExecutable)).toBe(true);
    // Root passes X_OK only if some execute bit is set; a mode without any is not executable for anyone.
    expect(isExecutableForThisProcess(notExecutable)).toBe(false);
    expect(isExecutableForThisProcess(noBits)).toBe(false);
    expect(existsSync(missing)).toBe(false);
    expect(statSync(directory).isDirectory()).toBe(true);
  });
});

describe('findBrowser: --browser-path', () => {
  it('uses an executable --browser-path (source "flag")', () => {
    expect(findBrowser(executable, {}, 'linux')).toEqual({ executablePath: executable, source: 'flag' });
  });

  it('wins over WTB_CHROME_PATH', () => {
    expect(findBrowser(executable, { WTB_CHROME_PATH: otherExecutable }, 'linux')).toEqual({ executablePath: executable, source: 'flag' });
  });

  it('wins even when WTB_CHROME_PATH is broken (the env is not looked at)', () => {
    expect(findBrowser(executable, { WTB_CHROME_PATH: missing }, 'linux')).toEqual({ executablePath: executable, source: 'flag' });
  });

  it('does not fall back to WTB_CHROME_PATH when the flag is bad', () => {
    const failure = failureOf(() => findBrowser(missing, { WTB_CHROME_PATH: otherExecutable }, 'linux'));
    expectRuntimeUnavailable(failure);
    expect(failure.message).toContain(`--browser-path ${missing} is not an executable file`);
  });

  it('keeps the path as given for a symlink to an executable', () => {
    expect(findBrowser(linkToExecutable, {}, 'linux')).toEqual({ executablePath: linkToExecutable, source: 'flag' });
  });

  it('throws RuntimeFailure RUNTIME_UNAVAILABLE (exit 3) naming the path for a missing file', () => {
    const failure = failureOf(() => findBrowser(missing, {}, 'linux'));
    expectRuntimeUnavailable(failure);
    expect(failure.message).toContain(missing);
    expect(failure.message).toContain(`--browser-path ${missing}`);
  });

  it.each([
    ['a directory', () => directory],
    ['a symlink to a directory', () => linkToDirectory],
    ['a 0o644 file', () => notExecutable],
    ['a 0o000 file', () => noBits],
  ])('rejects %s', (_label, target) => {
    const failure = failureOf(() => findBrowser(target(), {}, 'linux'));
    expectRuntimeUnavailable(failure);
    expect(failure.message).toContain(`--browser-path ${target()} is not an executable file`);
  });
});

describe('findBrowser: WTB_CHROME_PATH', () => {
  it('uses WTB_CHROME_PATH when there is no flag (source "env")', () => {
    expect(findBrowser(null, { WTB_CHROME_PATH: otherExecutable }, 'linux')).toEqual({ executablePath: otherExecutable, source: 'env' });
  });

  it('treats an empty --browser-path as no flag', () => {
    expect(findBrowser('', { WTB_CHROME_PATH: otherExecutable }, 'linux')).toEqual({ executablePath: otherExecutable, source: 'env' });
  });

  it('throws RuntimeFailure naming WTB_CHROME_PATH=<path> for a missing file', () => {
    const failure = failureOf(() => findBrowser(null, { WTB_CHROME_PATH: missing }, 'linux'));
    expectRuntimeUnavailable(failure);
    expect(failure.message).toContain(`WTB_CHROME_PATH=${missing}`);
    expect(failure.message).toContain('is not an executable file');
  });

  it.each([
    ['a directory', () => directory],
    ['a 0o644 file', () => notExecutable],
  ])('rejects %s', (_label, target) => {
    const failure = failureOf(() => findBrowser(null, { WTB_CHROME_PATH: target() }, 'linux'));
    expectRuntimeUnavailable(failure);
    expect(failure.message).toContain(`WTB_CHROME_PATH=${target()} is not an executable file`);
  });
});

describe('findBrowser: common install locations', () => {
  it('with neither flag nor env on a platform with no known paths, says no Chrome or Chromium was found', () => {
    const failure = failureOf(() => findBrowser(null, {}, 'plan9'));
    expectRuntimeUnavailable(failure);
    expect(failure.message).toMatch(/^no Chrome or Chromium found/);
    expect(failure.message).toContain('no known locations');
  });

  it('ignores an empty WTB_CHROME_PATH', () => {
    const failure = failureOf(() => findBrowser(null, { WTB_CHROME_PATH: '' }, 'plan9'));
    expect(failure.message).toMatch(/^no Chrome or Chromium found/);
  });

  it('COMMON_BROWSER_PATHS.linux includes /usr/bin/chromium and /usr/bin/google-chrome', () => {
    expect(COMMON_BROWSER_PATHS.linux).toContain('/usr/bin/chromium');
    expect(COMMON_BROWSER_PATHS.linux).toContain('/usr/bin/google-chrome');
    expect(COMMON_BROWSER_PATHS.darwin?.length).toBeGreaterThan(0);
    expect(COMMON_BROWSER_PATHS.win32?.length).toBeGreaterThan(0);
  });

  it('on linux picks the first executable common path on this machine (source "common path"), or lists them all', () => {
    const candidates = COMMON_BROWSER_PATHS.linux ?? [];
    const expected = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile() && isExecutableForThisProcess(candidate));
    if (expected) {
      expect(findBrowser(null, {}, 'linux')).toEqual({ executablePath: expected, source: 'common path' });
    } else {
      const failure = failureOf(() => findBrowser(null, {}, 'linux'));
      expectRuntimeUnavailable(failure);
      for (const candidate of candidates) expect(failure.message).toContain(candidate);
    }
  });
});
