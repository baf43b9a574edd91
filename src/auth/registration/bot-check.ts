import { Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../../common';
import { AppConfig } from '../../config';
import { AuthError } from '../auth.errors';

/** A slow verifier must not hold a registration open for long. */
const VERIFY_TIMEOUT_MS = 5_000;
/** Turnstile tokens are at most 2048 characters: a longer value is refused without asking. */
const MAX_TOKEN_LENGTH = 2_048;

/**
 * Bot protection at registration (opsync-api.md §10): with TURNSTILE_SECRET set, a registration needs a
 * widget token that Cloudflare's siteverify (or TURNSTILE_VERIFY_URL) accepts. Without it, nothing is
 * checked. A verifier that cannot be reached fails the check: the operator asked for protection.
 */
@Injectable()
export class BotCheck {
  private readonly logger = new Logger(BotCheck.name);

  constructor(private readonly config: AppConfig) {}

  async assertHuman(token: unknown): Promise<void> {
    const turnstile = this.config.turnstile;
    if (!turnstile) return;
    if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) throw new ApiError(AuthError.BotCheckFailed);
    // The client's address is optional to siteverify and left out: OpSync keeps only truncated addresses.
    const body = new URLSearchParams({ secret: turnstile.secret, response: token });
    let success = false;
    try {
      const res = await fetch(turnstile.verifyUrl, { method: 'POST', body, signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS) });
      success = res.ok && ((await res.json()) as { success?: unknown }).success === true;
    } catch (error) {
      this.logger.warn(`Turnstile verification could not be done: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!success) throw new ApiError(AuthError.BotCheckFailed);
  }
}
