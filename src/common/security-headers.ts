import helmet from 'helmet';

/**
 * The security headers of accounts spec §7.4 on every response: helmet's defaults, with the CSP spelled
 * out in full rather than as changes to helmet's, since the spec fixes it directive by directive. The
 * pages use no inline script, so the CSP needs no nonce; their inline `<style>` and style attributes
 * need `'unsafe-inline'` styles. `upgrade-insecure-requests` only when served over https: on a
 * plain-http development origin it would send the page's own scripts to a port that speaks no TLS.
 */
export function securityHeaders(httpsOnly: boolean): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
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
