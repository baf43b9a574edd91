/** Reports a long run's count on stderr every `every` items (stdout stays the script's result). */
export function progressReporter(verb: string, every = 10_000): (count: number) => void {
  let reported = 0;
  return (count) => {
    if (count - reported < every) return;
    reported = count - (count % every);
    console.error(`${verb} ${count} ops…`);
  };
}
