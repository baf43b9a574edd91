import { formatBytes, formatTime, textTable } from './report-format';

describe('report formatting', () => {
  it('aligns columns to the widest cell, two spaces apart, without trailing blanks', () => {
    expect(
      textTable([
        ['id', 'email'],
        ['12345', 'a@example.com'],
        ['7', ''],
      ]),
    ).toBe(['  id     email', '  12345  a@example.com', '  7'].join('\n'));
  });

  it('writes bytes in binary units with one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100.0 MiB');
    expect(formatBytes(3 * 1024 ** 5)).toBe('3072.0 TiB');
  });

  it('writes times as UTC ISO', () => {
    expect(formatTime(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
