/*
 * How tests wait. A test waits for the thing it expects (waitUntil), or, to check that something did
 * NOT happen, for a sentinel sent after it through the same channel (see EventListener.caughtUp and
 * SocketTestCluster.caughtUp). Never sleep-then-assert.
 */

/** Polls until probe() returns a value (not undefined or false); fails with `what` after timeoutMs. */
export async function waitUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Lets time pass. Only for behaviour that IS time (a cooldown that must run out before the test acts);
 * never before an assertion.
 */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
