import { MAX_CLOCK_COUNTER, MAX_ID_LENGTH, MAX_STORED_CLOCK_ENTRIES } from './protocol-limits';
import { isStorableText } from './storable-text';

/** clientId → non-negative counter (protocol spec §2.5). */
export type VectorClock = Record<string, number>;

export type ClockOrder = 'EQUAL' | 'GREATER_THAN' | 'LESS_THAN' | 'CONCURRENT';

/** Compares a with b over the union of their keys, a missing key counting as 0. */
export function compareClocks(a: VectorClock, b: VectorClock): ClockOrder {
  let greater = false;
  let less = false;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key] ?? 0;
    const y = b[key] ?? 0;
    if (x > y) greater = true;
    else if (x < y) less = true;
  }
  if (greater && less) return 'CONCURRENT';
  if (greater) return 'GREATER_THAN';
  if (less) return 'LESS_THAN';
  return 'EQUAL';
}

/**
 * Drops (never rejects) entries whose key is empty, longer than 255 or not storable text (NUL or a lone
 * surrogate, which PostgreSQL's jsonb refuses), or whose value is not an integer in 0..100 000 000 (§4.6).
 * Built with Object.fromEntries so a `__proto__` key stays a plain entry.
 */
export function sanitizeClock(raw: Record<string, unknown>): VectorClock {
  return Object.fromEntries(
    Object.entries(raw).filter(
      (entry): entry is [string, number] =>
        isClockKey(entry[0]) && Number.isInteger(entry[1]) && (entry[1] as number) >= 0 && (entry[1] as number) <= MAX_CLOCK_COUNTER,
    ),
  );
}

function isClockKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_ID_LENGTH && isStorableText(key);
}

/**
 * The stored form of a clock (§4.6): unchanged up to 20 entries; otherwise the protected ids present
 * in it, then the other entries by counter descending, ties by clientId in code-unit order, up to 20.
 */
export function pruneClock(clock: VectorClock, protectedIds: readonly (string | null | undefined)[]): VectorClock {
  const entries = Object.entries(clock);
  if (entries.length <= MAX_STORED_CLOCK_ENTRIES) return clock;
  const kept = new Map<string, number>();
  for (const id of protectedIds) {
    if (id !== null && id !== undefined && Object.hasOwn(clock, id) && kept.size < MAX_STORED_CLOCK_ENTRIES) kept.set(id, clock[id]);
  }
  const rest = entries.filter(([id]) => !kept.has(id)).sort(([idA, a], [idB, b]) => b - a || (idA < idB ? -1 : idA > idB ? 1 : 0));
  for (const [id, counter] of rest) {
    if (kept.size >= MAX_STORED_CLOCK_ENTRIES) break;
    kept.set(id, counter);
  }
  return Object.fromEntries(kept);
}

/** Per-client maximum of several clocks. */
export function mergeClocks(...clocks: VectorClock[]): VectorClock {
  const merged = new Map<string, number>();
  for (const clock of clocks) {
    for (const [id, counter] of Object.entries(clock)) merged.set(id, Math.max(merged.get(id) ?? 0, counter));
  }
  return Object.fromEntries(merged);
}
