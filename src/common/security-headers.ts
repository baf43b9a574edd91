import helmet from 'helmet';

/** Where the Turnstile widget's script and frame are served from (opsync-api.md §10). */
export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

/**
 * The security headers of accounts spec §7.4 on every response: helmet's defaults, with the CSP spelled
 * out in full rather than as changes to helmet's, since the spec fixes it directive by directive. The
 * pages use no inline script, so the CSP needs no nonce; their inline `<style>` and style attributes
 * need `'unsafe-inline'` styles. `upgrade-insecure-requests` only when served over https: on a
 * plain-http development origin it would send the page's own scripts to a port that speaks no TLS.
 * With bot protection on, the Turnstile widget's script and frame come from Cloudflare.
 */
export function securityHeaders(httpsOnly: boolean, turnstile: boolean): ReturnType<typeof helmet> {
  const widget = turnstile ? [TURNSTILE_ORIGIN] : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...widget],
        frameSrc: turnstile ? widget : null,
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        scriptSrcAttr: ["'none'"],
        upgradeInsecureRequests: httpsOnly ? [] : null,
      },
    },
  });
}
