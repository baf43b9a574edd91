export interface ComplexityLimit {
  depth: number;
  /** Object keys plus array items, counted over the whole value. */
  nodes: number;
}

/**
 * True if a payload nests deeper or holds more keys + array items than allowed (§4.2 #15). Walks
 * iteratively and stops at the first excess, so a hostile payload costs no more than the limit.
 */
export function exceedsComplexity(payload: unknown, limit: ComplexityLimit): boolean {
  if (payload === null || typeof payload !== 'object') return false;
  const stack: [object, number][] = [[payload, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > limit.depth) return true;
    const children = Array.isArray(value) ? value : Object.values(value);
    nodes += children.length;
    if (nodes > limit.nodes) return true;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
