// Shared by the page scripts: JSON calls to the API, status lines, passkey error texts.
// Loaded as an ES module under the CSP `script-src 'self'`; no inline script anywhere.

/** A failed API call; `message` is what the page shows. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** Calls the JSON API. `body` is sent as JSON when given; `token` as a Bearer header. */
export async function callApi(method, path, { body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, errorText(data, response.status));
  return data;
}

/** The user-facing text of an error body: a validation issue, a rate-limit message or the `error` field. */
function errorText(data, status) {
  const issue = Array.isArray(data.details) ? data.details.find((d) => d && typeof d.message === 'string') : undefined;
  if (issue) return `${data.error}: ${issue.message}`;
  if (status === 429 && typeof data.message === 'string') return data.message;
  if (typeof data.error === 'string' && data.error !== '') return data.error;
  return `The request failed (HTTP ${status}). Please try again.`;
}

/** Shows `text` in a status line (`kind`: info | success | error); an empty text hides it. */
export function showMessage(element, text, kind = 'info') {
  element.textContent = text;
  element.dataset.kind = kind;
  element.hidden = text === '';
}

/** The text for a failed passkey step: a cancelled prompt is not an error the user needs explained. */
export function passkeyErrorText(error, cancelledText) {
  const name = error && error.name;
  if (name === 'NotAllowedError' || name === 'AbortError' || (error && error.code === 'ERROR_CEREMONY_ABORTED')) return cancelledText;
  return (error && error.message) || 'Something went wrong. Please try again.';
}

/** The browser WebAuthn helper (SimpleWebAuthn's UMD bundle, loaded before this module). */
export function webauthn() {
  const helper = globalThis.SimpleWebAuthnBrowser;
  if (!helper || !helper.browserSupportsWebAuthn()) {
    throw new ApiError(0, 'This browser does not support passkeys. Use an email link instead.');
  }
  return helper;
}

/** The token a landing page was opened with (escaped by the server into data-token). */
export function pageToken() {
  return document.querySelector('[data-token]').dataset.token;
}

/**
 * Wires a landing page's one button: disables it while `action` runs (showing `busyText`, or the
 * labels `action` reports through its `progress` callback), shows the result, and re-enables the
 * button when the action failed so the user can retry.
 */
export function confirmButton(action) {
  const button = document.getElementById('confirm');
  const message = document.getElementById('message');
  const label = button.textContent;
  button.addEventListener('click', async () => {
    button.disabled = true;
    showMessage(message, '');
    const progress = (text) => (button.textContent = text);
    try {
      const text = await action(progress);
      showMessage(message, text, 'success');
      button.hidden = true;
    } catch (error) {
      showMessage(message, error.message, 'error');
      button.disabled = false;
    } finally {
      button.textContent = label;
    }
  });
}
