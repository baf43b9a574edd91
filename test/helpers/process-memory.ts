import fs from 'node:fs';

const MiB = 1024 * 1024;

export interface ProcessMemory {
  /** Resident set now, MiB. */
  rssMiB: number;
  /** Highest resident set since the process started (VmHWM), MiB: the kernel's own record of the peak. */
  peakMiB: number;
}

/** Reads a process's memory from /proc/<pid>/status (Linux). */
export function processMemory(pid: number): ProcessMemory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rssMiB: (kib('VmRSS') * 1024) / MiB, peakMiB: (kib('VmHWM') * 1024) / MiB };
}
