// Bot protection at registration (opsync-api.md §10): the Turnstile widget, when the server shows one.
// Cloudflare's script renders it and puts its token into a hidden cf-turnstile-response field. A token
// verifies once, so each request takes the current one and resets the widget for the next.
import { ApiError } from './common.js';

const WAIT_FOR_TOKEN_MS = 30_000;
const POLL_MS = 200;

/** The widget's next token (waiting while it solves), or undefined when the page shows no widget. */
export async function nextBotToken() {
  const widget = document.getElementById('bot-check');
  if (!widget) return undefined;
  const deadline = Date.now() + WAIT_FOR_TOKEN_MS;
  for (;;) {
    const token = widget.querySelector('input[name="cf-turnstile-response"]')?.value;
    if (token) {
      window.turnstile?.reset();
      return token;
    }
    if (Date.now() > deadline) throw new ApiError(0, 'The bot check did not finish. Reload the page and try again.');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
