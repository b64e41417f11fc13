import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROOT } from './service-process.js';

/**
 * One way for every browser test to get a headless Chromium: Debian's `/usr/bin/chromium` when it is
 * installed, else the Chromium build shipped inside the `@sparticuz/chromium` npm package (so a fresh
 * `npm install && npm test` needs no system browser). Each launch gets a fresh profile directory.
 */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, offline, throw-away headless browser. */
const HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the packaged build is unpacked: inside this checkout, so parallel checkouts never share it. */
const UNPACK_DIR = join(ROOT, 'node_modules', '.cache', 'sparticuz-chromium');
const LOCK_DIR = UNPACK_DIR + '.lock';
const DONE_MARKER = join(UNPACK_DIR, '.unpacked');

export interface BrowserBinary {
  executablePath: string;
  args: string[];
  source: 'system' | 'npm';
}

let packaged: Promise<BrowserBinary> | undefined;

export async function findChromium(): Promise<BrowserBinary> {
  if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: HEADLESS_FLAGS, source: 'system' };
  packaged ??= unpackPackaged();
  return packaged;
}

/**
 * `@sparticuz/chromium` inflates its brotli archives into `os.tmpdir()` on first use. Test files run
 * in parallel processes, so the unpacking is guarded by a lock directory (mkdir is atomic) and pointed
 * at a private directory through TMPDIR for the duration of the call.
 */
async function unpackPackaged(): Promise<BrowserBinary> {
  const { default: Sparticuz } = await import('@sparticuz/chromium');
  await acquireLock();
  const savedTmp = process.env.TMPDIR;
  try {
    // An unpacking cut short (killed process) leaves files without the marker: start again.
    if (!existsSync(DONE_MARKER)) rmSync(UNPACK_DIR, { recursive: true, force: true });
    mkdirSync(UNPACK_DIR, { recursive: true });
    process.env.TMPDIR = UNPACK_DIR;
    const executablePath = await Sparticuz.executablePath();
    writeFileSync(DONE_MARKER, executablePath);
    return { executablePath, args: [...Sparticuz.args, ...HEADLESS_FLAGS], source: 'npm' };
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

async function acquireLock(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      return;
    } catch {
      // A lock left by a killed process (unpacking takes seconds, not minutes) is taken over.
      try {
        if (Date.now() - statSync(LOCK_DIR).mtimeMs > 60_000) rmSync(LOCK_DIR, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK_DIR}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** For a `beforeAll` that launches a browser (and the service) on a busy machine. */
export const BROWSER_START_TIMEOUT_MS = 150_000;

export interface Browser {
  context: BrowserContext;
  binary: BrowserBinary;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile; `close()` also removes the profile. */
export async function launchBrowser(options: { viewport: { width: number; height: number } }): Promise<Browser> {
  const binary = await findChromium();
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  // playwright passes the profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: binary.executablePath,
    viewport: options.viewport,
    args: binary.args,
  });
  return {
    context,
    binary,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
