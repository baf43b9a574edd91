/**
 * The ranges of PostgreSQL's integer columns. Ids from a URL, a query or a token are checked against
 * them before they reach the database: a value outside the column's type makes the driver fail, which
 * would answer 500 instead of the caller's 400 or 401.
 */
export const INT4_MAX = 2_147_483_647;
export const INT8_MAX = 9_223_372_036_854_775_807n;

/** A positive id of an `integer` (int4) column, e.g. a user id. */
export function isInt4Id(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= INT4_MAX;
}

/** The decimal text of a positive id of a `bigint` (int8) column, e.g. an audit event id. */
export function isInt8IdText(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= INT8_MAX;
}
