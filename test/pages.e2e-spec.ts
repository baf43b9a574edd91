/// <reference lib="dom" />
// DOM types for the page.evaluate() callbacks, which run in the browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { AuditEventType } from '../src/audit/audit-event-types';
import { AuditService } from '../src/audit/audit.service';
import { createVerifiedUser } from './factories/user.factory';
import { EMAIL_LINK_COLUMNS, EmailLinkPage, plantEmailLinks, setEmailLinks } from './helpers/email-links';
import { freePort, startServer } from './helpers/processes';
import { TEST_JWT_SECRET } from './helpers/test-config';
import { chromiumForTests, DESKTOP, fitsWidth, PHONE, saveScreenshot, ServedApp, serveApp, visibleText } from './helpers/browser';

const LANDING_PAGES = [
  { path: '/magic-login', limit: '50' },
  { path: '/recover-passkey', limit: '50' },
  { path: '/verify-email', limit: '20' },
];
const HOSTILE_TOKEN = `"><script>alert('x')</script>&`;
const PRIVACY_ENV = {
  PRIVACY_CONTACT_NAME: 'Jane "J" <b>Doe</b> & Co',
  PRIVACY_ADDRESS_STREET: '1 Main St',
  PRIVACY_ADDRESS_CITY: 'Springfield',
  PRIVACY_ADDRESS_COUNTRY: 'Utopia',
  PRIVACY_CONTACT_EMAIL: 'privacy@example.com',
  PRIVACY_HOSTING_PROVIDER: '<script>alert(1)</script>Hoster',
  PRIVACY_DATA_REGION: 'eu',
};
const TERMS_HTML = '<!doctype html><title>Terms</title><h1>Operator terms</h1>';

/** Every <script> element of a page, and every attribute that would run script inline. */
function inlineCode(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => !/\ssrc="\/assets\/[\w.-]+\.js"/.test(tag));
  const handlers = [...html.matchAll(/<[^>]*\son[a-z]+\s*=/gi)].map((m) => m[0]);
  const urls = [...html.matchAll(/javascript:/gi)].map((m) => m[0]);
  return [...scripts, ...handlers, ...urls];
}

const dataToken = (page: Page) => page.locator('[data-token]').getAttribute('data-token');
const isApiCall = (method: string, path: string) => (request: Request) =>
  request.method() === method && new URL(request.url()).pathname === path;

/** Clicks and returns the API request the click makes. */
async function requestOf(page: Page, method: string, apiPath: string, click: () => Promise<void>): Promise<Request> {
  const [request] = await Promise.all([page.waitForRequest(isApiCall(method, apiPath)), click()]);
  return request;
}

describe('account web pages', () => {
  let plain: ServedApp;
  let withPrivacy: ServedApp;
  const browser = chromiumForTests();

  const open = async (app: ServedApp, pathAndQuery: string, viewport = PHONE, permissions: string[] = []) => {
    const watched = await browser.open(viewport, permissions);
    await watched.page.goto(`${app.origin}${pathAndQuery}`, { waitUntil: 'networkidle' });
    return watched;
  };
  /** The account page showing `token`, handed over as the magic-login page does. */
  const signedInPage = async (app: ServedApp, token: string) => {
    const watched = await open(app, '/');
    await watched.page.evaluate((t) => sessionStorage.setItem('loginToken', t), token);
    await watched.page.reload({ waitUntil: 'networkidle' });
    await visibleText(watched, '#token-view');
    return watched;
  };

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-pages-'));
    fs.mkdirSync(path.join(dataDir, 'legal'));
    fs.writeFileSync(path.join(dataDir, 'legal', 'terms.html'), TERMS_HTML);
    plain = await serveApp();
    // One database for both (one clone fewer): the two apps differ only in their configuration.
    withPrivacy = await serveApp({ db: plain.db, env: { ...PRIVACY_ENV, DATA_DIR: dataDir } });
    // A landing page renders only for a link that can still work: these two tokens are live links.
    await plantEmailLinks(plain, 'abc');
    await plantEmailLinks(plain, HOSTILE_TOKEN);
  });
  afterAll(async () => {
    await withPrivacy?.close();
    await plain?.close();
  });

  describe('over HTTP', () => {
    it('A-47 pages and assets carry the CSP (script-src self, no inline script attributes) and the security headers', async () => {
      for (const url of ['/', '/magic-login?token=abc', '/privacy.html', '/assets/account.js']) {
        const res = await withPrivacy.http().get(url).expect(200);
        const csp = res.headers['content-security-policy'];
        for (const directive of [
          "default-src 'self'",
          "script-src 'self'",
          "script-src-attr 'none'",
          "object-src 'none'",
          "frame-ancestors 'none'",
        ]) {
          expect(csp).toContain(directive);
        }
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('A-30 every page is plain HTML with external scripts only: no inline script, no inline handler', async () => {
      const urls = ['/', ...LANDING_PAGES.map((p) => `${p.path}?token=abc`)];
      for (const [app, url] of [
        ...urls.map((u) => [plain, u] as const),
        [withPrivacy, '/'] as const,
        [withPrivacy, '/privacy.html'] as const,
      ]) {
        const res = await app.http().get(url).expect(200);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
        expect(inlineCode(res.text)).toEqual([]);
      }
    });

    it('A-17 a landing page without a token answers 400 text/plain "Token is required"', async () => {
      for (const { path: page } of LANDING_PAGES) {
        for (const query of ['', '?token=', '?token=a&token=b', '?other=1']) {
          const res = await plain.http().get(`${page}${query}`).expect(400);
          expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
          expect(res.text).toBe('Token is required');
        }
      }
    });

    it('A-17 a token containing "><script> is HTML-escaped into data-token and never echoed raw', async () => {
      for (const { path: page } of LANDING_PAGES) {
        const res = await plain.http().get(page).query({ token: HOSTILE_TOKEN }).expect(200);
        expect(res.text).not.toContain(HOSTILE_TOKEN);
        expect(res.text).not.toContain('<script>alert');
        expect(res.text).toContain(`data-token="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"`);
      }
    });

    it('A-17 a dead link (unknown, expired or already used token) answers 400 text/plain with the reason, never echoing the token', async () => {
      const expiredUser = await plantEmailLinks(plain, 'expired-link', Date.now() - 1);
      const reasons: Record<EmailLinkPage, { unknown: string; expired: string }> = {
        '/magic-login': {
          unknown: 'Sign-in failed: Invalid or expired login link',
          expired: 'Sign-in failed: Invalid or expired login link',
        },
        '/recover-passkey': {
          unknown: 'Passkey recovery failed: Invalid or expired recovery token',
          expired: 'Passkey recovery failed: Invalid or expired recovery token',
        },
        '/verify-email': {
          unknown: 'Verification failed: Invalid verification token',
          expired: 'Verification failed: Verification token has expired',
        },
      };
      for (const [page, reason] of Object.entries(reasons)) {
        for (const [token, text] of [
          [`${HOSTILE_TOKEN}-unknown`, reason.unknown],
          ['expired-link', reason.expired],
        ]) {
          const res = await plain.http().get(page).query({ token }).expect(400);
          expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
          expect(res.headers['cache-control']).toBe('no-store');
          expect(res.text).toBe(`${text}. Request a new link from the sign-in page.`);
        }
      }
      // Looking the dead links up changed nothing: the expired tokens are still in place.
      const expired = await plain.prisma.user.findUniqueOrThrow({ where: { id: expiredUser } });
      for (const { token: column } of Object.values(EMAIL_LINK_COLUMNS)) expect(expired[column]).not.toBeNull();

      // Used: a magic link redeemed by its page's POST is dead on the next GET.
      await plantEmailLinks(plain, 'used-link');
      await plain.http().get('/magic-login').query({ token: 'used-link' }).expect(200);
      await plain.http().post('/api/login/magic-link/verify').send({ token: 'used-link' }).expect(200);
      expect((await plain.http().get('/magic-login').query({ token: 'used-link' }).expect(400)).text).toContain(
        'Invalid or expired login link',
      );
    });

    it('A-30 opening an emailed link (GET) changes nothing in the database: the token stays redeemable', async () => {
      const userId = await plantEmailLinks(plain, 'redeemable');
      const before = await plain.prisma.user.findUniqueOrThrow({ where: { id: userId } });
      for (const page of Object.keys(EMAIL_LINK_COLUMNS)) await plain.http().get(page).query({ token: 'redeemable' }).expect(200);
      expect(await plain.prisma.user.findUniqueOrThrow({ where: { id: userId } })).toEqual(before);
    });

    it('landing pages are never cached and use their own rate limits; the account page and assets the default', async () => {
      for (const { path: page, limit } of LANDING_PAGES) {
        const res = await plain.http().get(`${page}?token=abc`).expect(200);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['x-ratelimit-limit']).toBe(limit);
      }
      for (const url of ['/', '/assets/styles.css']) {
        expect((await plain.http().get(url).expect(200)).headers['x-ratelimit-limit']).toBe('500');
      }
    });

    it('serves the page assets with their content types and nothing else from /assets', async () => {
      const types: Record<string, string> = {
        'account.js': 'text/javascript; charset=utf-8',
        'common.js': 'text/javascript; charset=utf-8',
        'magic-login.js': 'text/javascript; charset=utf-8',
        'recover-passkey.js': 'text/javascript; charset=utf-8',
        'verify-email.js': 'text/javascript; charset=utf-8',
        'simplewebauthn-browser.min.js': 'text/javascript; charset=utf-8',
        'styles.css': 'text/css; charset=utf-8',
      };
      for (const [name, type] of Object.entries(types)) {
        const res = await plain.http().get(`/assets/${name}`).expect(200);
        expect(res.headers['content-type']).toBe(type);
      }
      expect((await plain.http().get('/assets/simplewebauthn-browser.min.js')).text).toContain('SimpleWebAuthnBrowser');
      for (const url of [
        '/assets/missing.js',
        '/assets/..%2Fpages.module.js',
        '/assets/..%2Ftemplates%2Flayout.html',
        '/templates/layout.html',
        '/pages/assets/account.js',
      ]) {
        const res = await plain.http().get(url).expect(404);
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      }
    });

    it('without PRIVACY_* there is no consent checkbox, no /privacy.html and (no legal file) no /terms.html', async () => {
      const page = await plain.http().get('/').expect(200);
      expect(page.text).not.toContain('id="consent"');
      expect(page.text).not.toContain('/privacy.html');
      expect(page.text).not.toContain('EU hosted');
      await plain.http().get('/privacy.html').expect(404);
      await plain.http().get('/terms.html').expect(404);
    });

    it("A-7 with PRIVACY_* set the register form asks for consent, linking /privacy.html and the operator's /terms.html", async () => {
      const page = await withPrivacy.http().get('/').expect(200);
      expect(page.text).toMatch(/<label class="consent"><input type="checkbox" id="consent">.*href="\/privacy.html".*href="\/terms.html"/);
      expect(page.text).toContain('<span class="badge">EU hosted</span>');
    });

    it('/privacy.html is generated from the PRIVACY_* values, every one HTML-escaped', async () => {
      const res = await withPrivacy.http().get('/privacy.html').expect(200);
      expect(res.text).toContain('Jane &quot;J&quot; &lt;b&gt;Doe&lt;/b&gt; &amp; Co');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;Hoster');
      expect(res.text).toContain('<a href="mailto:privacy@example.com">privacy@example.com</a>');
      for (const value of ['1 Main St', 'Springfield', 'Utopia']) expect(res.text).toContain(value);
      expect(res.text).not.toMatch(/\{\{|<b>Doe|<script>alert/);
    });

    it("/terms.html is the operator's <DATA_DIR>/legal/terms.html", async () => {
      const res = await withPrivacy.http().get('/terms.html').expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toBe(TERMS_HTML);
    });
  });

  it('the compiled server (dist/, files copied by nest build) serves the pages, templates filled, and the assets', async () => {
    const port = await freePort();
    const server = startServer({
      DATABASE_URL: plain.db.url,
      PORT: String(port),
      JWT_SECRET: TEST_JWT_SECRET,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-dist-')),
    });
    try {
      await server.waitFor(/OpSync listening/);
      const page = await fetch(`http://127.0.0.1:${port}/verify-email?token=abc`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-token="abc"');
      for (const asset of ['account.js', 'styles.css', 'simplewebauthn-browser.min.js']) {
        expect((await fetch(`http://127.0.0.1:${port}/assets/${asset}`)).status).toBe(200);
      }
    } finally {
      await server.stop();
    }
  });

  describe('in Chromium', () => {
    it('every page runs its scripts with no CSP violation or console error and fits a phone screen (screenshots in test-results/)', async () => {
      const pages = [
        { app: plain, url: '/', name: 'account' },
        { app: withPrivacy, url: '/', name: 'account-with-consent' },
        { app: plain, url: '/magic-login?token=abc', name: 'magic-login' },
        { app: plain, url: '/recover-passkey?token=abc', name: 'recover-passkey' },
        { app: plain, url: '/verify-email?token=abc', name: 'verify-email' },
        { app: withPrivacy, url: '/privacy.html', name: 'privacy' },
      ];
      for (const { app, url, name } of pages) {
        for (const [viewport, size] of [
          [PHONE, 'phone'],
          [DESKTOP, 'desktop'],
        ] as const) {
          const { page, problems } = await open(app, url, viewport);
          expect(await fitsWidth(page)).toBe(true);
          await saveScreenshot(page, `${name}-${size}`);
          expect(problems).toEqual([]);
        }
      }
    });

    it("the account page's script runs: the tabs switch panels and the register tab shows the consent checkbox only with PRIVACY_*", async () => {
      for (const [app, consent] of [
        [plain, false],
        [withPrivacy, true],
      ] as const) {
        const { page, problems } = await open(app, '/');
        await expect(page.locator('#register-panel').isHidden()).resolves.toBe(true);
        await page.click('#tab-register');
        await page.locator('#register-panel').waitFor({ state: 'visible', timeout: 15_000 });
        expect(await page.locator('#login-panel').isHidden()).toBe(true);
        expect(await page.locator('#consent').count()).toBe(consent ? 1 : 0);
        if (consent) await saveScreenshot(page, 'register-with-consent-phone');
        expect(problems).toEqual([]);
      }
    });

    it('mirrors the typed email into every email field and keeps it in localStorage supersync_email across reloads', async () => {
      const { page, problems } = await open(plain, '/');
      await page.fill('#login-email', 'mirror@example.com');
      await page.click('#tab-register');
      expect(await page.inputValue('#register-email')).toBe('mirror@example.com');
      await page.fill('#register-email', 'other@example.com');
      await page.click('#tab-login');
      await page.click('#show-recovery');
      expect(await page.inputValue('#recovery-email')).toBe('other@example.com');
      expect(await page.evaluate(() => localStorage.getItem('supersync_email'))).toBe('other@example.com');
      await page.reload({ waitUntil: 'networkidle' });
      for (const field of ['#login-email', '#register-email', '#recovery-email'])
        expect(await page.inputValue(field)).toBe('other@example.com');
      expect(problems).toEqual([]);
    });

    it('A-7 registering without ticking the consent box asks for consent and sends nothing; ticked, it sends termsAccepted: true', async () => {
      const watched = await open(withPrivacy, '/');
      const { page } = watched;
      const apiCalls: string[] = [];
      page.on('request', (r) => new URL(r.url()).pathname.startsWith('/api/') && apiCalls.push(r.url()));
      await page.click('#tab-register');
      await page.fill('#register-email', 'consent@example.com');
      await page.click('#register-passkey');
      await page.click('#register-link');
      expect(await visibleText(watched, '#auth-message')).toContain('accept the privacy policy');
      expect(apiCalls).toEqual([]);

      await page.check('#consent');
      const passkey = await requestOf(page, 'POST', '/api/register/passkey/options', () => page.click('#register-passkey'));
      expect(passkey.postDataJSON()).toEqual({ email: 'consent@example.com', termsAccepted: true });
      // The real options route answers, so the page now waits for a passkey prompt nobody answers: start over.
      await page.reload();
      await page.click('#tab-register');
      await page.fill('#register-email', 'consent@example.com');
      await page.check('#consent');
      const link = await requestOf(page, 'POST', '/api/register/magic-link', () => page.click('#register-link'));
      expect(link.postDataJSON()).toEqual({ email: 'consent@example.com', termsAccepted: true });
    });

    it("the account page calls the spec's routes with the spec's bodies (termsAccepted omitted without a checkbox)", async () => {
      const first = await open(plain, '/');
      await first.page.click('#login-passkey');
      expect(await visibleText(first, '#auth-message')).toContain('enter your email');

      const calls: [string, string[]][] = [
        ['/api/login/passkey/options', ['#login-passkey']],
        ['/api/login/magic-link', ['#login-link']],
        ['/api/recover/passkey', ['#show-recovery', '#send-recovery']],
        ['/api/register/passkey/options', ['#tab-register', '#register-passkey']],
        ['/api/register/magic-link', ['#tab-register', '#register-link']],
      ];
      for (const [apiPath, clicks] of calls) {
        // A fresh page each time: what the first call leads to (a passkey prompt) cannot block the next.
        const { page } = await open(plain, '/');
        await page.fill('#login-email', 'routes@example.com');
        const request = await requestOf(page, 'POST', apiPath, async () => {
          for (const selector of clicks) await page.click(selector);
        });
        expect(request.postDataJSON()).toEqual({ email: 'routes@example.com' });
        expect(request.headers()['content-type']).toBe('application/json');
      }
    });

    it('landing-page buttons POST {token} (exactly as in the link) to their API route, show the answer and allow a retry on failure', async () => {
      const routes = [
        { page: '/magic-login', api: '/api/login/magic-link/verify' },
        { page: '/recover-passkey', api: '/api/recover/passkey/options' },
        { page: '/verify-email', api: '/api/verify-email' },
      ];
      const token = `${HOSTILE_TOKEN}-expiring`;
      const userId = await plantEmailLinks(plain, token);
      for (const route of routes) {
        await setEmailLinks(plain, userId, token, Date.now() + 600_000);
        const watched = await open(plain, `${route.page}?token=${encodeURIComponent(token)}`);
        const { page, problems } = watched;
        expect(await dataToken(page)).toBe(token);
        // The link expires while its page is open, so the button's POST fails.
        await setEmailLinks(plain, userId, token, Date.now() - 1);
        const request = await requestOf(page, 'POST', route.api, () => page.click('#confirm'));
        expect(request.postDataJSON()).toEqual({ token });
        // The page shows the server's error and lets the user try again.
        expect((await visibleText(watched, '#message[data-kind="error"]')).length).toBeGreaterThan(0);
        await visibleText(watched, '#confirm:not([disabled])');
        expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
      }
    });

    it('magic-login hand-over: sessionStorage loginToken opens the token view once; copy puts the token on the clipboard; a reload forgets it', async () => {
      const user = await createVerifiedUser(plain);
      const watched = await open(plain, '/magic-login?token=abc', PHONE, ['clipboard-read', 'clipboard-write']);
      const { page, problems } = watched;
      await page.evaluate((token) => sessionStorage.setItem('loginToken', token), user.token);
      await page.goto(`${plain.origin}/`, { waitUntil: 'networkidle' });

      await visibleText(watched, '#token-view');
      expect(await page.locator('#auth-view').isHidden()).toBe(true);
      expect(await page.inputValue('#token')).toBe(user.token);
      expect(await page.evaluate(() => sessionStorage.getItem('loginToken'))).toBeNull();
      await saveScreenshot(page, 'token-view-phone');

      await page.click('#copy-token');
      expect(await visibleText(watched, '#token-message')).toBe('Token copied.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(user.token);

      // Nothing persisted the token: not the storages, not a cookie.
      const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
      expect(stored).not.toContain(user.token);
      await page.reload({ waitUntil: 'networkidle' });
      expect(await page.locator('#token-view').isHidden()).toBe(true);
      expect(await page.locator('#auth-view').isVisible()).toBe(true);
      expect(problems).toEqual([]);
    });

    it("account settings list the caller's recent audit events from GET /api/audit, as text only", async () => {
      const user = await createVerifiedUser(plain);
      const audit = plain.get(AuditService);
      await audit.record({
        userId: user.id,
        type: AuditEventType.SignedIn,
        client: { ip: '203.0.113.0/24', userAgent: '<img src=x id=injected>' },
        details: { method: 'passkey' },
      });
      await audit.record({ userId: user.id, type: AuditEventType.TokenReplaced, client: { ip: '203.0.113.0/24', userAgent: 'Firefox' } });
      const watched = await signedInPage(plain, user.token);
      const { page, problems } = watched;
      const request = await requestOf(page, 'GET', '/api/audit', () => page.click('#open-settings'));
      expect(request.headers()['authorization']).toBe(`Bearer ${user.token}`);
      await visibleText(watched, '#audit-events li:nth-child(2)');
      const items = await page.locator('#audit-events li').allTextContents();
      expect(items[0]).toContain('Token replaced');
      expect(items[1]).toContain('Signed in');
      expect(items[1]).toContain('<img src=x id=injected>');
      expect(items[1]).toContain('Method: passkey');
      expect(await page.locator('#injected').count()).toBe(0);
      await saveScreenshot(page, 'settings-phone');
      expect(problems).toEqual([]);
    });

    it('token actions: clear data, replace token and delete account ask first, then call their routes with the Bearer token', async () => {
      const user = await createVerifiedUser(plain);
      const watched = await signedInPage(plain, user.token);
      const { page } = watched;
      const apiCalls: string[] = [];
      page.on(
        'request',
        (r) => new URL(r.url()).pathname.startsWith('/api/') && apiCalls.push(`${r.method()} ${new URL(r.url()).pathname}`),
      );

      // Dismissed confirmations send nothing.
      page.once('dialog', (dialog) => void dialog.dismiss());
      await page.click('#replace-token');
      await page.click('#open-settings');
      await visibleText(watched, '#audit-events li');
      for (const button of ['#clear-data', '#delete-account']) {
        page.once('dialog', (dialog) => void dialog.dismiss());
        await page.click(button);
      }
      expect(apiCalls).toEqual(['GET /api/audit']);

      page.once('dialog', (dialog) => void dialog.accept());
      const clear = await requestOf(page, 'DELETE', '/api/sync/data', () => page.click('#clear-data'));
      expect(clear.headers()['authorization']).toBe(`Bearer ${user.token}`);
      await visibleText(watched, '#settings-message');

      await page.click('#close-settings');
      page.once('dialog', (dialog) => void dialog.accept());
      const replace = await requestOf(page, 'POST', '/api/replace-token', () => page.click('#replace-token'));
      expect(replace.headers()['authorization']).toBe(`Bearer ${user.token}`);
      expect(replace.postDataJSON()).toEqual({});
      await visibleText(watched, '#token-message');

      const current = await page.inputValue('#token');
      await page.click('#open-settings');
      page.once('dialog', (dialog) => void dialog.accept());
      const remove = await requestOf(page, 'DELETE', '/api/account', () => page.click('#delete-account'));
      expect(remove.headers()['authorization']).toBe(`Bearer ${current}`);
    });
  });
});
