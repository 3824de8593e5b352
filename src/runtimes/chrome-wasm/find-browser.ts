/**
 * Finds a system Chrome or Chromium: --browser-path, then WTB_CHROME_PATH, then the usual install
 * locations. The tool never downloads a browser.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { RuntimeFailure } from '../../errors.js';

export const COMMON_BROWSER_PATHS: Readonly<Record<string, readonly string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome', '/snap/bin/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'],
};

export const INSTALL_HINT =
  'install one (Debian/Ubuntu: apt-get install chromium) or point to it with --browser-path <path> or WTB_CHROME_PATH=<path>; to measure without a browser pass --runtime node-wasm';

export interface FoundBrowser {
  executablePath: string;
  /** How it was found: 'flag', 'env' or 'common path'. */
  source: 'flag' | 'env' | 'common path';
}

function isExecutableFile(filePath: string): boolean {
  try {
    if (!statSync(filePath).isFile()) return false;
    accessSync(filePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findBrowser(browserPath: string | null, env: NodeJS.ProcessEnv, platform: string = process.platform): FoundBrowser {
  if (browserPath) {
    if (isExecutableFile(browserPath)) return { executablePath: browserPath, source: 'flag' };
    throw new RuntimeFailure('RUNTIME_UNAVAILABLE', `--browser-path ${browserPath} is not an executable file; ${INSTALL_HINT}`);
  }
  const fromEnv = env.WTB_CHROME_PATH;
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return { executablePath: fromEnv, source: 'env' };
    throw new RuntimeFailure('RUNTIME_UNAVAILABLE', `WTB_CHROME_PATH=${fromEnv} is not an executable file; ${INSTALL_HINT}`);
  }
  const candidates = COMMON_BROWSER_PATHS[platform] ?? [];
  const found = candidates.find(isExecutableFile);
  if (found) return { executablePath: found, source: 'common path' };
  throw new RuntimeFailure('RUNTIME_UNAVAILABLE', `no Chrome or Chromium found (looked in ${candidates.join(', ') || 'no known locations'}); ${INSTALL_HINT}`);
}
