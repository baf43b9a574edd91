// The account page (accounts spec §8.1): register and log in with a passkey or an email link, then
// show, copy and replace the access token, clear sync data, delete the account, read the audit trail.
// The token lives only in this page's memory; the one exception is the magic-login hand-over, read
// from sessionStorage once on load.
import { nextBotToken } from './bot-check.js';
import { ApiError, callApi, passkeyErrorText, showMessage, webauthn } from './common.js';

const EMAIL_KEY = 'supersync_email';
const HANDOVER_KEY = 'loginToken';
const AFTER_REGISTRATION_DELAY_MS = 3000;
const AFTER_RECOVERY_REQUEST_DELAY_MS = 3000;
const AUDIT_PAGE_SIZE = 20;

const $ = (id) => document.getElementById(id);
let accessToken = null;

// ---- views and tabs -------------------------------------------------------------------------

const views = { auth: $('auth-view'), token: $('token-view'), settings: $('settings-view') };

function showView(name) {
  for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
}

function selectTab(name) {
  for (const tab of ['login', 'register']) {
    $(`tab-${tab}`).setAttribute('aria-selected', String(tab === name));
    $(`${tab}-panel`).hidden = tab !== name;
  }
  showLoginForm(true);
}

function showLoginForm(login) {
  $('login-form').hidden = !login;
  $('recovery-form').hidden = login;
}

$('tab-login').addEventListener('click', () => selectTab('login'));
$('tab-register').addEventListener('click', () => selectTab('register'));
$('show-recovery').addEventListener('click', () => showLoginForm(false));
$('hide-recovery').addEventListener('click', () => showLoginForm(true));

const authMessage = (text, kind) => showMessage($('auth-message'), text, kind);

// ---- the email, mirrored into every email field and remembered across reloads ---------------

const emailFields = [...document.querySelectorAll('input[data-email]')];

function setEmail(value, typedInto) {
  for (const field of emailFields) if (field !== typedInto) field.value = value;
  try {
    localStorage.setItem(EMAIL_KEY, value);
  } catch {
    // Storage can be disabled (private mode); mirroring still works within the page.
  }
}

for (const field of emailFields) field.addEventListener('input', () => setEmail(field.value, field));

function rememberedEmail() {
  try {
    return localStorage.getItem(EMAIL_KEY);
  } catch {
    return null;
  }
}

/** The typed email, or null after telling the user it is missing. */
function requireEmail() {
  const email = emailFields[0].value.trim();
  if (email === '') authMessage('Please enter your email address.', 'error');
  return email === '' ? null : email;
}

/**
 * Runs `action(email)` when `trigger` (a form: on submit, a button: on click) fires and an email is typed,
 * with the buttons of `form` disabled meanwhile; a failure is shown in the status line.
 */
function onEmailAction(trigger, form, action) {
  trigger.addEventListener(trigger instanceof HTMLFormElement ? 'submit' : 'click', async (event) => {
    event.preventDefault();
    const email = requireEmail();
    if (email === null) return;
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((b) => (b.disabled = true));
    try {
      await action(email);
    } catch (error) {
      authMessage(error.message, 'error');
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
}

async function withPasskey(ceremony) {
  try {
    return await ceremony(webauthn());
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, passkeyErrorText(error, 'The passkey prompt was cancelled.'));
  }
}

// ---- log in ---------------------------------------------------------------------------------

onEmailAction($('login-form'), $('login-form'), async (email) => {
  authMessage('Waiting for your passkey…');
  const options = await callApi('POST', '/api/login/passkey/options', { body: { email } });
  const credential = await withPasskey((helper) => helper.startAuthentication({ optionsJSON: options }));
  const result = await callApi('POST', '/api/login/passkey/verify', { body: { email, credential } });
  openToken(result.token);
});

onEmailAction($('login-link'), $('login-form'), async (email) => {
  const result = await callApi('POST', '/api/login/magic-link', { body: { email } });
  authMessage(result.message, 'success');
});

onEmailAction($('recovery-form'), $('recovery-form'), async (email) => {
  const result = await callApi('POST', '/api/recover/passkey', { body: { email } });
  authMessage(result.message, 'success');
  setTimeout(() => showLoginForm(true), AFTER_RECOVERY_REQUEST_DELAY_MS);
});

// ---- register -------------------------------------------------------------------------------

/** `{email, termsAccepted}`; the key is left out when no consent is asked (no checkbox). */
function registrationBody(email) {
  const consent = $('consent');
  if (!consent) return { email };
  if (!consent.checked) throw new ApiError(0, 'Please accept the privacy policy to register.');
  return { email, termsAccepted: true };
}

/** `body` with a fresh bot-check token when the page shows the widget; unchanged otherwise. */
async function withBotToken(body) {
  const turnstileToken = await nextBotToken();
  return turnstileToken === undefined ? body : { ...body, turnstileToken };
}

function registered(message) {
  authMessage(message, 'success');
  setTimeout(() => {
    selectTab('login');
    $('verify-reminder').hidden = false;
  }, AFTER_REGISTRATION_DELAY_MS);
}

onEmailAction($('register-form'), $('register-form'), async (email) => {
  const body = await withBotToken(registrationBody(email));
  authMessage('Waiting for your passkey…');
  const options = await callApi('POST', '/api/register/passkey/options', { body });
  const credential = await withPasskey((helper) => helper.startRegistration({ optionsJSON: options }));
  const result = await callApi('POST', '/api/register/passkey/verify', { body: await withBotToken({ email, credential }) });
  registered(result.message);
});

onEmailAction($('register-link'), $('register-form'), async (email) => {
  const result = await callApi('POST', '/api/register/magic-link', { body: await withBotToken(registrationBody(email)) });
  registered(result.message);
});

// ---- token view -----------------------------------------------------------------------------

const tokenField = $('token');
const tokenMessage = (text, kind) => showMessage($('token-message'), text, kind);

function openToken(token) {
  accessToken = token;
  tokenField.value = token;
  authMessage('');
  tokenMessage('');
  showView('token');
}

function forgetToken() {
  accessToken = null;
  tokenField.value = '';
  showView('auth');
}

tokenField.addEventListener('focus', () => tokenField.select());
tokenField.addEventListener('click', () => tokenField.select());

$('copy-token').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(accessToken);
    tokenMessage('Token copied.', 'success');
    return;
  } catch {
    // No clipboard API (insecure origin) or no permission: fall back to the selection.
  }
  tokenField.focus();
  tokenField.select();
  const copied = document.execCommand && document.execCommand('copy');
  tokenMessage(copied ? 'Token copied.' : 'Copying is blocked here: the token is selected, copy it by hand.', copied ? 'success' : 'error');
});

$('replace-token').addEventListener('click', async () => {
  const confirmed = window.confirm(
    'Replace your token?\n\nEvery device that syncs with the current token is signed out and needs the new token. ' +
      'If you only want to see your token again, log in again instead.',
  );
  if (!confirmed) return;
  try {
    const result = await callApi('POST', '/api/replace-token', { body: {}, token: accessToken });
    openToken(result.token);
    tokenMessage('This is your new token. All older tokens no longer work.', 'success');
  } catch (error) {
    tokenMessage(error.message, 'error');
  }
});

$('logout').addEventListener('click', () => {
  forgetToken();
  authMessage('Logged out on this page. Your token keeps working in your apps.', 'info');
});

// ---- account settings -----------------------------------------------------------------------

const settingsMessage = (text, kind) => showMessage($('settings-message'), text, kind);
let auditBefore = null;

$('open-settings').addEventListener('click', () => {
  settingsMessage('');
  showView('settings');
  $('audit-events').replaceChildren();
  auditBefore = null;
  void loadAudit();
});

$('close-settings').addEventListener('click', () => showView('token'));
$('audit-more').addEventListener('click', () => void loadAudit());

async function loadAudit() {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (auditBefore !== null) query.set('before', auditBefore);
  try {
    const page = await callApi('GET', `/api/audit?${query}`, { token: accessToken });
    for (const event of page.events) $('audit-events').append(auditItem(event));
    if (page.events.length === 0 && auditBefore === null) $('audit-events').append(textElement('li', 'No events yet.'));
    auditBefore = page.nextBefore;
    $('audit-more').hidden = page.nextBefore === null;
  } catch (error) {
    settingsMessage(error.message, 'error');
  }
}

/** One audit event as a list item; every value goes in as text, never as markup. */
function auditItem(event) {
  const item = document.createElement('li');
  const title = textElement('strong', humanize(event.type));
  const time = textElement('time', new Date(event.at).toLocaleString());
  time.dateTime = new Date(event.at).toISOString();
  const facts = [event.actor !== 'user' ? `by ${event.actor}` : '', event.ip ?? '', event.userAgent ?? '', ...detailTexts(event.details)];
  item.append(title, ' ', time, textElement('span', facts.filter(Boolean).join(' · ')));
  return item;
}

function detailTexts(details) {
  if (!details || typeof details !== 'object') return [];
  return Object.entries(details)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${humanize(key)}: ${value}`);
}

/** `token_replaced` → `Token replaced`, `clientId` → `Client id`. */
function humanize(name) {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function textElement(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

$('clear-data').addEventListener('click', async () => {
  if (!window.confirm('Delete all synced data on this server? Your account and token stay valid.')) return;
  try {
    await callApi('DELETE', '/api/sync/data', { token: accessToken });
    settingsMessage('All synced data was deleted. Your apps upload their data again on the next sync.', 'success');
  } catch (error) {
    settingsMessage(error.message, 'error');
  }
});

$('delete-account').addEventListener('click', async () => {
  if (!window.confirm('Delete your account and all its data? This cannot be undone.')) return;
  try {
    await callApi('DELETE', '/api/account', { token: accessToken });
    forgetToken();
    selectTab('login');
    authMessage('Your account was deleted.', 'success');
  } catch (error) {
    settingsMessage(error.message, 'error');
  }
});

// ---- start ----------------------------------------------------------------------------------

const remembered = rememberedEmail();
if (remembered) setEmail(remembered);

const handedOver = sessionStorage.getItem(HANDOVER_KEY);
if (handedOver) {
  sessionStorage.removeItem(HANDOVER_KEY);
  openToken(handedOver);
}
