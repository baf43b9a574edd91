import { gzipSync } from 'node:zlib';

/** One operation of the OpenAPI document, as the fuzz suite reads it. */
export interface FuzzOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path, with `{name}` placeholders. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Top-level properties of the JSON request body, or null when the operation takes no JSON body. */
  bodyProperties: string[] | null;
  /** Public operations need no token. */
  secured: boolean;
}

/** One hostile request: where it goes and what it carries. */
export interface FuzzRequest {
  label: string;
  method: FuzzOperation['method'];
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/**
 * Path and query values no route should take for a real id or name. None is a small positive number
 * or a plain word: a value that could name an existing row (user 1, key "k") could make a DELETE succeed.
 */
export const HOSTILE_VALUES = [
  '0',
  '-1',
  '2147483648',
  '9223372036854775808',
  '1.5',
  '1e3',
  '0x10',
  '%00',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%C0%AF',
  '%E0%A4%A',
  '%F0%9F%92%A9',
  "'%20OR%201%3D1--",
  '%3Cscript%3E',
  'NaN',
  'Infinity',
  `fuzz${'a'.repeat(2_000)}`,
];

/** Values of the wrong type or shape for any field; each is sent alone in an otherwise empty body. */
const WRONG_FIELD_VALUES: unknown[] = [
  null,
  true,
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  '',
  '\u0000',
  'x'.repeat(70_000),
  [],
  [[[[[]]]]],
  {},
  { $gt: '' },
  Array.from({ length: 10_000 }, (_, i) => i),
];

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Bodies no JSON route should accept: broken JSON, odd roots, deep nesting, prototype keys. */
const RAW_JSON_BODIES: [string, string][] = [
  ['unterminated', '{'],
  ['truncated', '{"a":'],
  ['null root', 'null'],
  ['array root', '[]'],
  ['string root', '"text"'],
  ['number root', '1'],
  ['NUL', '\u0000'],
  ['proto', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'],
  ['deep 5000', deep(5_000)],
  ['BOM', '\uFEFF{}'],
  ['trailing garbage', '{}garbage'],
];

/** The same JSON under content types the route does not take, and compression that lies. */
const ENCODING_CASES: [string, Record<string, string>, string | Buffer][] = [
  ['text/plain', { 'Content-Type': 'text/plain' }, '{"a":1}'],
  ['form', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=1&a=2&b[c]=3'],
  ['xml', { 'Content-Type': 'application/xml' }, '<a>1</a>'],
  ['multipart', { 'Content-Type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'],
  ['bad charset', { 'Content-Type': 'application/json; charset=ebcdic' }, '{}'],
  ['corrupt gzip', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, Buffer.from('not gzip at all')],
  ['truncated gzip', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipSync('{"a":1}').subarray(0, 12)],
  ['unknown encoding', { 'Content-Type': 'application/json', 'Content-Encoding': 'zstd-x' }, '{}'],
];

/** The path with every placeholder filled: `fill(name)` for each, or a value no row has. */
function urlOf(op: FuzzOperation, fill: (name: string) => string = () => 'fuzzmissing'): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => fill(name));
}

/** Every hostile request for one operation, sent with `auth` (a valid token's header) where it needs one. */
export function hostileRequests(op: FuzzOperation, auth: Record<string, string>): FuzzRequest[] {
  const headers = op.secured ? auth : {};
  const requests: FuzzRequest[] = [];
  const add = (label: string, url: string, extra: Record<string, string> = {}, body?: string | Buffer) =>
    requests.push({
      label: `${op.method.toUpperCase()} ${op.path} ${label}`,
      method: op.method,
      url,
      headers: { ...headers, ...extra },
      body,
    });

  for (const param of op.pathParams) {
    for (const value of HOSTILE_VALUES)
      add(
        `path ${param}=${value.slice(0, 30)}`,
        urlOf(op, (name) => (name === param ? value : 'fuzzmissing')),
      );
  }
  for (const param of op.queryParams) {
    for (const value of [...HOSTILE_VALUES, '']) add(`query ${param}=${value.slice(0, 30)}`, `${urlOf(op)}?${param}=${value}`);
    add(`query ${param} repeated`, `${urlOf(op)}?${param}=1&${param}=2`);
    add(`query ${param} as object`, `${urlOf(op)}?${param}[a]=1&${param}[]=2`);
  }
  if (op.bodyProperties !== null) {
    const json = { 'Content-Type': 'application/json' };
    for (const [label, body] of RAW_JSON_BODIES) add(`body ${label}`, urlOf(op), json, body);
    for (const [label, extra, body] of ENCODING_CASES) add(`body ${label}`, urlOf(op), extra, body);
    for (const property of op.bodyProperties) {
      WRONG_FIELD_VALUES.forEach((value, i) => add(`body ${property} wrong #${i}`, urlOf(op), json, JSON.stringify({ [property]: value })));
    }
  }
  return requests;
}

/** Authorization headers no route should honour, for the given forged or broken tokens. */
export function forgedAuthHeaders(tokens: Record<string, string>): [string, Record<string, string>][] {
  return [
    ['no header', {}],
    ['empty bearer', { Authorization: 'Bearer ' }],
    ['basic', { Authorization: 'Basic dXNlcjpwYXNz' }],
    ['garbage', { Authorization: 'Bearer x.y.z' }],
    ['huge', { Authorization: `Bearer ${'a'.repeat(7_000)}` }],
    ...Object.entries(tokens).map(([label, token]): [string, Record<string, string>] => [label, { Authorization: `Bearer ${token}` }]),
  ];
}

/** Static-asset and page path tricks. */
export const ASSET_PATH_TRICKS = [
  '/assets/..%2f..%2fpackage.json',
  '/assets/%2e%2e/%2e%2e/package.json',
  '/assets/../../package.json',
  '/assets/account.js%00.png',
  '/assets/%C0%AE%C0%AE%2fpackage.json',
  '/assets/.env',
  '/assets/',
  `/assets/${'a'.repeat(5_000)}.js`,
  '/..%2f.env',
  '/privacy.html%00',
  '/api/docs/..%2f..%2fpackage.json',
  '//etc/passwd',
];
