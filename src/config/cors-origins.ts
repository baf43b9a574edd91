import { OriginRule } from './app-config';

/**
 * Parses CORS_ORIGINS (accounts spec §7.5): exact origins, or `http(s)://*.domain[:port]` matching
 * exactly one label of [A-Za-z0-9-]. A lone `*` reflects every origin, outside production only.
 */
export function parseCorsOrigins(value: string, production: boolean): { rules: OriginRule[]; problems: string[] } {
  const rules: OriginRule[] = [];
  const problems: string[] = [];
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (item === '*') {
      if (production) problems.push('CORS_ORIGINS=* is refused in production');
      rules.push({ kind: 'any' });
      continue;
    }
    const stars = item.split('*').length - 1;
    if (stars === 0) {
      rules.push({ kind: 'exact', origin: item.replace(/\/+$/, '') });
      continue;
    }
    const match = /^(https?):\/\/\*\.([A-Za-z0-9.-]+)(:\d+)?$/.exec(item);
    if (stars > 1 || !match) {
      problems.push(`CORS_ORIGINS entry "${item}": a wildcard may only stand for the first label (https://*.example.com)`);
      continue;
    }
    const [, scheme, domain, port = ''] = match;
    const escaped = `${domain}${port}`.replace(/[.]/g, '\\.');
    rules.push({ kind: 'subdomain', pattern: new RegExp(`^${scheme}://[A-Za-z0-9-]+\\.${escaped}$`, 'i') });
  }
  return { rules, problems };
}

export function originAllowed(origin: string, rules: OriginRule[]): boolean {
  return rules.some((rule) => (rule.kind === 'any' ? true : rule.kind === 'exact' ? rule.origin === origin : rule.pattern.test(origin)));
}
