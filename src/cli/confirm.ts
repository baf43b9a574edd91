import { createInterface } from 'node:readline/promises';

/**
 * Asks before a destructive action. With --yes it does not ask; without a terminal on stdin it
 * refuses (a script in a pipeline must say --yes explicitly rather than be fed "yes").
 */
export async function confirm(question: string, assumeYes: boolean): Promise<boolean> {
  if (assumeYes) return true;
  if (!process.stdin.isTTY) {
    console.error('Refusing: stdin is not a terminal. Re-run with --yes to confirm.');
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} Type "yes" to continue: `)).trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
