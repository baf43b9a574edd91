/// <reference lib="dom" />
// DOM types for the page.evaluate() callbacks, which run in the browser.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createVerifiedUser } from './factories/user.factory';
import {
  addVirtualAuthenticator,
  chromiumForTests,
  PHONE,
  saveScreenshot,
  ServedApp,
  serveApp,
  visibleText,
  WatchedPage,
} from './helpers/browser';
import { SmtpSink } from './helpers/smtp-sink';

jest.setTimeout(120_000);

/**
 * The whole account journey a user makes in a browser, against the real API, a real SMTP server and
 * Chromium's virtual authenticator (no TEST_MODE: registration sends real verification mail).
 */
describe('account flow in the browser', () => {
  let app: ServedApp;
  let mail: SmtpSink;
  const browser = chromiumForTests();

  beforeAll(async () => {
    mail = await SmtpSink.start();
    app = await serveApp({ env: mail.env() });
  });
  afterAll(async () => {
    await app?.close();
    await mail?.stop();
  });

  const newEmail = () => `flow-${randomBytes(5).toString('hex')}@example.com`;
  const syncStatus = (token: string) => app.http().get('/api/sync/status').set('Authorization', `Bearer ${token}`);

  /** A phone-sized page with clipboard access and a passkey-capable platform authenticator. */
  async function phone(): Promise<WatchedPage & { removeAuthenticator: () => Promise<void> }> {
    const watched = await browser.open(PHONE, ['clipboard-read', 'clipboard-write']);
    const removeAuthenticator = await addVirtualAuthenticator(watched.page);
    return { ...watched, removeAuthenticator };
  }

  const goHome = (page: Page) => page.goto(`${app.origin}/`, { waitUntil: 'networkidle' });

  /** Opens the newest `path` link mailed to `email`, presses the landing page's button, returns the link. */
  async function followEmailedLink(watched: WatchedPage, email: string, path: string): Promise<string> {
    const link = await mail.nextLink(email, path);
    expect(link.startsWith(`${app.origin}${path}?token=`)).toBe(true);
    await watched.page.goto(link, { waitUntil: 'networkidle' });
    await watched.page.click('#confirm');
    return link;
  }

  /** Registers `email` with a passkey on the account page and confirms the emailed verification link. */
  async function registerAndVerify(watched: WatchedPage, email: string): Promise<void> {
    const { page } = watched;
    await goHome(page);
    await page.click('#tab-register');
    await page.fill('#register-email', email);
    await page.click('#register-passkey');
    await visibleText(watched, '#auth-message[data-kind="success"]');
    // After the success message the page returns to the login tab with a reminder to click the link.
    await visibleText(watched, '#verify-reminder');

    await followEmailedLink(watched, email, '/verify-email');
    await visibleText(watched, '#message[data-kind="success"]');
    await page.click('#continue');
    await page.waitForURL(`${app.origin}/`);
  }

  /** Logs in with the passkey on the account page and returns the token the page shows. */
  async function logInWithPasskey(watched: WatchedPage, email: string): Promise<string> {
    const { page } = watched;
    // The page remembered the address (localStorage supersync_email).
    expect(await page.inputValue('#login-email')).toBe(email);
    await page.click('#login-passkey');
    await visibleText(watched, '#token-view');
    return page.inputValue('#token');
  }

  /** A new account registered, verified and logged in with a passkey on a fresh phone page. */
  async function newPasskeyAccount() {
    const watched = await phone();
    const email = newEmail();
    await registerAndVerify(watched, email);
    const token = await logInWithPasskey(watched, email);
    return { watched, page: watched.page, email, token };
  }

  it('registers with a passkey, verifies by the emailed link, logs in with the passkey, copies a working token; replacing it revokes the old one', async () => {
    const { watched, page, token } = await newPasskeyAccount();

    await page.click('#copy-token');
    expect(await visibleText(watched, '#token-message')).toBe('Token copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(token);
    await syncStatus(copied).expect(200);
    await saveScreenshot(page, 'flow-token-phone');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#replace-token');
    await visibleText(watched, '#token-message[data-kind="success"]');
    const replaced = await page.inputValue('#token');
    expect(replaced).not.toBe(token);
    await syncStatus(token).expect(401);
    await syncStatus(replaced).expect(200);

    await page.click('#open-settings');
    await visibleText(watched, '#audit-events li');
    const events = (await page.locator('#audit-events li').allTextContents()).join('\n');
    expect(events).toContain('Signed in');
    expect(events).toContain('Token replaced');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#clear-data');
    await visibleText(watched, '#settings-message[data-kind="success"]');
    await syncStatus(replaced).expect(200);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#delete-account');
    await visibleText(watched, '#auth-message[data-kind="success"]');
    expect(await page.locator('#token-view').isHidden()).toBe(true);
    await syncStatus(replaced).expect(401);
    expect(watched.problems).toEqual([]);
  });

  it('logs in with an emailed magic link: the landing page hands the token to the account page; the link works once', async () => {
    const watched = await phone();
    const { page } = watched;
    const user = await createVerifiedUser(app);
    await goHome(page);
    await page.fill('#login-email', user.email);
    await page.click('#login-link');
    await visibleText(watched, '#auth-message[data-kind="success"]');

    const link = await followEmailedLink(watched, user.email, '/magic-login');
    await page.waitForURL(`${app.origin}/`);
    await visibleText(watched, '#token-view');
    const token = await page.inputValue('#token');
    await syncStatus(token).expect(200);
    expect(await page.evaluate(() => sessionStorage.getItem('loginToken'))).toBeNull();
    expect(watched.problems).toEqual([]);

    // Used once, the link is dead: opening it again says so at once, with no button to press.
    const again = await page.goto(link, { waitUntil: 'networkidle' });
    expect(again?.status()).toBe(400);
    expect(await page.locator('body').textContent()).toContain('Invalid or expired login link');
    expect(await page.locator('#confirm').count()).toBe(0);
  });

  it('recovers a lost passkey by the emailed link: the new passkey replaces the old one and every earlier token stops working', async () => {
    const { watched, page, email, token: oldToken } = await newPasskeyAccount();
    await syncStatus(oldToken).expect(200);

    // The device with the passkey is lost; a new one has an empty authenticator.
    await watched.removeAuthenticator();
    await addVirtualAuthenticator(page);
    await page.click('#logout');
    await page.click('#show-recovery');
    expect(await page.inputValue('#recovery-email')).toBe(email);
    await page.click('#send-recovery');
    await visibleText(watched, '#auth-message[data-kind="success"]');

    await followEmailedLink(watched, email, '/recover-passkey');
    await visibleText(watched, '#message[data-kind="success"]');
    await syncStatus(oldToken).expect(401);

    await goHome(page);
    const newToken = await logInWithPasskey(watched, email);
    await syncStatus(newToken).expect(200);
    expect(watched.problems).toEqual([]);
  });
});
