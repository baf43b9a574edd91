import { Injectable } from '@nestjs/common';
import { EmailLink } from '../auth';
import { fillTemplate, TemplateValue, TrustedHtml, TURNSTILE_ORIGIN } from '../common';
import { AppConfig, PrivacyConfig } from '../config';
import { readTemplate, TemplateName } from './page-files';
import { TermsPage } from './terms.page';

/** The landing pages of the emailed links; each gets the link's token in an escaped data-token attribute. */

const LANDING_TITLES: Record<EmailLink, string> = {
  'magic-login': 'Complete your login',
  'recover-passkey': 'Set up a new passkey',
  'verify-email': 'Confirm your email',
};

const REGIONS_WITH_BADGE = ['EU', 'EEA'];

/**
 * Renders the HTML pages (accounts spec §8). The account page and the privacy policy depend only on the
 * configuration, so they are built once at start-up (a template error stops the boot); the landing pages
 * are filled per request with the escaped token. Pages load their scripts from /assets (CSP: no inline
 * script, no inline handlers).
 */
@Injectable()
export class PageRenderer {
  private readonly templates: Record<TemplateName, string>;
  /** null when no privacy policy is configured: then /privacy.html is 404 and no consent is asked. */
  readonly privacyPage: string | null;
  readonly accountPage: string;

  constructor(
    private readonly config: AppConfig,
    private readonly terms: TermsPage,
  ) {
    const names: TemplateName[] = ['layout', 'account', 'consent', 'magic-login', 'recover-passkey', 'verify-email', 'privacy'];
    this.templates = Object.fromEntries(names.map((name) => [name, readTemplate(name)])) as Record<TemplateName, string>;
    this.accountPage = this.page('Account', 'account', this.fill('account', { consent: this.consent(), botCheck: this.botCheck() }));
    this.privacyPage = config.privacy ? this.page('Privacy policy', null, this.privacyContent(config.privacy)) : null;
  }

  landingPage(page: EmailLink, token: string): string {
    return this.page(LANDING_TITLES[page], page, this.fill(page, { token }));
  }

  private page(title: string, script: string | null, content: TrustedHtml): string {
    // Deferred classic and module scripts run in document order: the WebAuthn helper is ready first.
    const scripts = script
      ? new TrustedHtml(
          '<script src="/assets/simplewebauthn-browser.min.js" defer></script>\n' +
            `<script type="module" src="/assets/${script}.js"></script>` +
            (script === 'account' && this.config.turnstile
              ? `\n<script src="${TURNSTILE_ORIGIN}/turnstile/v0/api.js" async defer></script>`
              : ''),
        )
      : new TrustedHtml('');
    return this.fill('layout', { title, scripts, badge: this.badge(), content, legalLinks: this.legalLinks() }).html;
  }

  private fill(name: TemplateName, values: Record<string, TemplateValue>): TrustedHtml {
    return fillTemplate(this.templates[name], values);
  }

  /** The Turnstile widget (opsync-api.md §10), only with bot protection on; Cloudflare's script renders it. */
  private botCheck(): TrustedHtml {
    const turnstile = this.config.turnstile;
    if (!turnstile) return new TrustedHtml('');
    return fillTemplate('<div id="bot-check" class="cf-turnstile" data-sitekey="{{siteKey}}"></div>', { siteKey: turnstile.siteKey });
  }

  /** The consent checkbox, only when a privacy policy is published (accounts spec §7.7). */
  private consent(): TrustedHtml {
    if (!this.config.privacy) return new TrustedHtml('');
    const termsLink = this.terms.available
      ? new TrustedHtml(' and the <a href="/terms.html" target="_blank" rel="noopener">terms of service</a>')
      : new TrustedHtml('');
    return this.fill('consent', { termsLink });
  }

  private badge(): TrustedHtml {
    const region = this.config.privacy?.dataRegion?.trim().toUpperCase();
    return new TrustedHtml(region && REGIONS_WITH_BADGE.includes(region) ? '<span class="badge">EU hosted</span>' : '');
  }

  private legalLinks(): TrustedHtml {
    const links = [
      ...(this.config.privacy ? ['<a href="/privacy.html">Privacy policy</a>'] : []),
      ...(this.terms.available ? ['<a href="/terms.html">Terms of service</a>'] : []),
    ];
    return new TrustedHtml(links.join(' · '));
  }

  private privacyContent(privacy: PrivacyConfig): TrustedHtml {
    const sections = [
      section('Hosting', privacy.hostingProvider && `This service is hosted by ${privacy.hostingProvider}.`),
      section('Where your data is stored', privacy.dataRegion && `Data is stored in: ${privacy.dataRegion}.`),
      section(
        'Right to complain',
        privacy.supervisoryAuthority && `You may lodge a complaint with the supervisory authority: ${privacy.supervisoryAuthority}.`,
      ),
    ];
    return this.fill('privacy', {
      contactName: privacy.contactName,
      street: privacy.street,
      city: privacy.city,
      country: privacy.country,
      contactEmail: privacy.contactEmail,
      optionalSections: new TrustedHtml(sections.map((s) => s.html).join('')),
    });
  }
}

/** An optional privacy-policy section; empty when its PRIVACY_* variable is unset. */
function section(heading: string, text: string | undefined): TrustedHtml {
  return text ? fillTemplate('\n  <h2>{{heading}}</h2>\n  <p>{{text}}</p>\n', { heading, text }) : new TrustedHtml('');
}
