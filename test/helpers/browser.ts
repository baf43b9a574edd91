/// <reference lib="dom" />
// DOM types for the page.evaluate() callbacks, which run in the browser.
import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ROOT, freePort } from './processes';
import { createTestApp, TestApp, TestAppOptions } from './test-app';

/** Debian's Chromium (`apt-get install chromium`), driven headless through playwright-core. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
const SCREENSHOT_DIR = path.join(ROOT, 'test-results');

function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface ServedApp extends TestApp {
  /** `http://localhost:<port>`: the page origin, WEBAUTHN_ORIGIN and PUBLIC_URL. */
  origin: string;
}

/**
 * The full app listening on a real port, configured so that pages opened at `origin` can run WebAuthn
 * ceremonies (RP id `localhost`) and emailed links point back to it. The port is chosen before the app
 * is built because the config (origin, public URL) is.
 */
export async function serveApp(options: TestAppOptions = {}): Promise<ServedApp> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const t = await createTestApp({
    ...options,
    env: { PUBLIC_URL: origin, WEBAUTHN_ORIGIN: origin, WEBAUTHN_RP_ID: 'localhost', ...options.env },
  });
  await t.app.listen(port);
  return { ...t, origin };
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors (CSP violations among them), uncaught exceptions and failed page requests. */
  problems: string[];
}

/** A page in its own browser context that records every error the page reports. */
async function openWatchedPage(browser: Browser, viewport = PHONE, permissions: string[] = []): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
  if (permissions.length > 0) await context.grantPermissions(permissions);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`requestfailed: ${request.url()} ${request.failure()?.errorText}`));
  return { page, context, problems };
}

/**
 * A platform authenticator with user verification, as a phone or laptop has, through Chromium's
 * DevTools WebAuthn domain. Returns a function that removes it again (a lost device).
 */
export async function addVirtualAuthenticator(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return async () => {
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  };
}

/** Saves a full-page screenshot as test-results/<name>.png for review. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export interface TestBrowser {
  /** A fresh page (own context, so no shared storage) that is closed after the current test. */
  open(viewport?: typeof PHONE, permissions?: string[]): Promise<WatchedPage>;
}

/** One Chromium for a test file, launched and closed by Jest hooks; call it inside the describe block. */
export function chromiumForTests(): TestBrowser {
  let browser: Browser | undefined;
  const opened: WatchedPage[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((w) => w.context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(viewport = PHONE, permissions = []) {
      const watched = await openWatchedPage(browser!, viewport, permissions);
      opened.push(watched);
      return watched;
    },
  };
}

/** True when the page needs no sideways scrolling (the phone-layout check). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/**
 * Waits for `selector` to be visible and returns its text. On a timeout the error carries what the page
 * reported and what its status lines say, so a failure explains itself.
 */
export async function visibleText(watched: WatchedPage, selector: string, timeout = 15_000): Promise<string> {
  const element = watched.page.locator(selector).first();
  try {
    await element.waitFor({ state: 'visible', timeout });
  } catch {
    const status = await watched.page
      .locator('[role="status"]')
      .allTextContents()
      .catch(() => []);
    throw new Error(
      `${selector} did not become visible at ${watched.page.url()}\nstatus lines: ${JSON.stringify(status)}\npage problems: ${JSON.stringify(watched.problems)}`,
    );
  }
  return (await element.textContent()) ?? '';
}
