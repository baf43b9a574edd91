/// <reference lib="dom" />
// DOM types for the page.evaluate() callbacks, which run in the browser.
import { addVirtualAuthenticator, chromiumForTests, ServedApp, serveApp, visibleText } from './helpers/browser';
import { TurnstileStub } from './helpers/turnstile-stub';

const SECRET = 'turnstile-test-secret';
const SITE_KEY = '1x00000000000000000000AA';
/** Stands in for Cloudflare's api.js in the browser: renders the hidden field and hands out good-1, good-2, … */
const FAKE_WIDGET_SCRIPT = `
  let issued = 0;
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'cf-turnstile-response';
  const solve = () => { field.value = 'good-' + ++issued; };
  document.querySelector('.cf-turnstile').append(field);
  solve();
  window.turnstile = { reset: () => { field.value = ''; setTimeout(solve, 50); } };
`;

describe('bot protection at registration (opsync-api.md §10)', () => {
  let stub: TurnstileStub;
  let guarded: ServedApp;
  let open: ServedApp;
  const browser = chromiumForTests();

  beforeAll(async () => {
    stub = await TurnstileStub.start();
    guarded = await serveApp({ env: { TURNSTILE_SECRET: SECRET, TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_VERIFY_URL: stub.url } });
    open = await serveApp({ db: guarded.db });
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
    await stub?.stop();
  });

  const register = (app: ServedApp, path: string, body: Record<string, unknown>) => app.http().post(`/api/register/${path}`).send(body);

  it('O-28 with TURNSTILE_SECRET, registration without a valid turnstileToken → 400 BOT_CHECK_FAILED (verified against a local stub)', async () => {
    for (const path of ['passkey/options', 'magic-link', 'passkey/verify']) {
      const body = {
        email: `bot-${path.replace('/', '-')}@example.com`,
        ...(path === 'passkey/verify' ? { credential: { id: 'x' } } : {}),
      };
      for (const turnstileToken of [undefined, '', 'bad-token', 42, 'x'.repeat(2_049)]) {
        const res = await register(guarded, path, { ...body, turnstileToken });
        const { error, errorCode } = res.body;
        expect({ path, turnstileToken, status: res.status, error, errorCode }).toEqual({
          path,
          turnstileToken,
          status: 400,
          error: 'Bot check failed. Please try again.',
          errorCode: 'BOT_CHECK_FAILED',
        });
      }
    }
    // Only the string tokens of a plausible length were worth asking about; the stub refused them.
    expect(stub.calls.map((c) => c.response)).toEqual(['bad-token', 'bad-token', 'bad-token']);
    expect(await guarded.prisma.user.count({ where: { email: { startsWith: 'bot-' } } })).toBe(0);
  });

  it('a token the verifier accepts lets registration through; the verifier gets the secret and the token, not the address', async () => {
    stub.calls.length = 0;
    await register(guarded, 'magic-link', { email: 'human@example.com', turnstileToken: 'good-a' }).expect(201);
    await register(guarded, 'passkey/options', { email: 'human-passkey@example.com', turnstileToken: 'good-b' }).expect(200);
    expect(stub.calls).toEqual([
      { secret: SECRET, response: 'good-a' },
      { secret: SECRET, response: 'good-b' },
    ]);
  });

  it('a verifier that cannot be reached fails the check (fail closed), never a 500', async () => {
    const down = await TurnstileStub.start();
    const url = down.url;
    await down.stop();
    const app = await serveApp({ env: { TURNSTILE_SECRET: SECRET, TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_VERIFY_URL: url } });
    try {
      const res = await register(app, 'magic-link', { email: 'unreachable@example.com', turnstileToken: 'good-c' }).expect(400);
      expect(res.body.errorCode).toBe('BOT_CHECK_FAILED');
    } finally {
      await app.close();
    }
  });

  it('without TURNSTILE_SECRET nothing changes: no token needed, a stray one ignored, no widget, no Cloudflare in the CSP', async () => {
    stub.calls.length = 0;
    await register(open, 'magic-link', { email: 'no-bot-check@example.com' }).expect(201);
    await register(open, 'magic-link', { email: 'stray-token@example.com', turnstileToken: 'anything' }).expect(201);
    expect(stub.calls).toEqual([]);
    const page = await open.http().get('/').expect(200);
    expect(page.text).not.toContain('bot-check');
    expect(page.text).not.toContain('challenges.cloudflare.com');
    expect(page.headers['content-security-policy']).not.toContain('challenges.cloudflare.com');
  });

  it("with it, the register form carries the widget with the site key, and the CSP lets Cloudflare's script and frame in", async () => {
    const page = await guarded.http().get('/').expect(200);
    expect(page.text).toContain(`<div id="bot-check" class="cf-turnstile" data-sitekey="${SITE_KEY}"></div>`);
    expect(page.text).toContain('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self' https://challenges.cloudflare.com");
    expect(csp).toContain('frame-src https://challenges.cloudflare.com');
  });

  it('in Chromium, each registration request carries a fresh widget token: passkey options and verify get two, the email link one', async () => {
    const watched = await browser.open();
    const { page } = watched;
    await page.route('https://challenges.cloudflare.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: FAKE_WIDGET_SCRIPT }),
    );
    await addVirtualAuthenticator(page);
    const bodies: Record<string, unknown>[] = [];
    page.on('request', (r) => new URL(r.url()).pathname.startsWith('/api/register/') && bodies.push(r.postDataJSON()));
    await page.goto(`${guarded.origin}/`, { waitUntil: 'networkidle' });
    await page.click('#tab-register');
    await page.fill('#register-email', 'browser-human@example.com');
    await page.click('#register-passkey');
    await visibleText(watched, '#auth-message[data-kind="success"]');
    expect(bodies.map((b) => b.turnstileToken)).toEqual(['good-1', 'good-2']);

    await page.reload({ waitUntil: 'networkidle' });
    await page.click('#tab-register');
    await page.fill('#register-email', 'browser-link@example.com');
    await page.click('#register-link');
    await visibleText(watched, '#auth-message[data-kind="success"]');
    expect(bodies.map((b) => b.turnstileToken)).toEqual(['good-1', 'good-2', 'good-1']);
    expect(watched.problems).toEqual([]);
  });
});
