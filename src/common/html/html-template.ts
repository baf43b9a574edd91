const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five characters that can end a text node or a quoted attribute (accounts spec §7.6). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Markup the server itself produced (a filled template); inserted as is, never escaped again. */
export class TrustedHtml {
  constructor(readonly html: string) {}
}

export type TemplateValue = string | TrustedHtml;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders: strings are HTML-escaped, TrustedHtml goes in verbatim. A placeholder
 * without a value, or a value without a placeholder, is a programming error and throws, so a template
 * and its caller cannot drift apart silently (a leftover placeholder must fail the boot, spec §7.7).
 */
export function fillTemplate(template: string, values: Record<string, TemplateValue>): TrustedHtml {
  const used = new Set<string>();
  const html = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    used.add(name);
    return value instanceof TrustedHtml ? value.html : escapeHtml(value);
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`template has no placeholder for ${unused.join(', ')}`);
  return new TrustedHtml(html);
}
