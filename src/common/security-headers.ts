import type { NextFunction, Request, Response } from 'express';

/**
 * The security headers of accounts spec §7.4 on every response. The pages use no inline script, so
 * the CSP needs no nonce. `upgrade-insecure-requests` only when served over https: on a plain-http
 * development origin it would send the page's own scripts to a port that speaks no TLS.
 */
export function securityHeaders(httpsOnly: boolean): (req: Request, res: Response, next: NextFunction) => void {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "script-src-attr 'none'",
    ...(httpsOnly ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  const headers: Record<string, string> = {
    'Content-Security-Policy': csp,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'no-referrer',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Frame-Options': 'SAMEORIGIN',
    'X-Permitted-Cross-Domain-Policies': 'none',
    'X-XSS-Protection': '0',
  };
  return (_req, res, next) => {
    res.removeHeader('X-Powered-By');
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  };
}
