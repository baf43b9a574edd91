/** A lone UTF-16 surrogate: not encodable as UTF-8, so PostgreSQL would get U+FFFD (or refuse it in jsonb). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True if PostgreSQL stores the string exactly as given: no NUL (refused by text columns) and no lone
 * surrogate (silently replaced, so a retried op id would no longer match its stored row).
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}
