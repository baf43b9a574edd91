import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, heap, GC, handles, file descriptors, event-loop lag)
 * describe the process, not one app, and their collectors (an event-loop delay monitor, a GC observer)
 * cannot be stopped: created once per process, on first use, and shared by every app that serves
 * metrics (one in production; each e2e app of a test file).
 */
export function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
