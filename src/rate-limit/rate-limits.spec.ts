import { describeWindow } from './rate-limits';

describe('describeWindow', () => {
  it.each([
    [60_000, '1 minute'],
    [15 * 60_000, '15 minutes'],
    [5 * 60_000, '5 minutes'],
    [30_000, '30 seconds'],
    [1_000, '1 second'],
  ])('%i ms reads as "%s" (the app parses "retry in N minute(s)|second(s)")', (ms, text) => {
    expect(describeWindow(ms)).toBe(text);
  });
});
