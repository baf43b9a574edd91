import { AppLogger } from './app-logger';
import { correlationMiddleware } from './correlation';

describe('AppLogger', () => {
  let written: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    written = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  it("writes JSON lines with the request's correlation id when LOG_FORMAT=json", () => {
    const logger = new AppLogger('json', 'info');
    const req = { header: () => 'corr-42' } as never;
    const res = { setHeader: () => undefined } as never;
    correlationMiddleware(req, res, () => logger.log('hello', 'Test'));
    const entry = JSON.parse(written.join('').trim());
    expect(entry).toMatchObject({ level: 'log', message: 'hello', context: 'Test', correlationId: 'corr-42' });
  });

  it('honours LOG_LEVEL: debug lines only at debug', () => {
    new AppLogger('json', 'info').debug('hidden');
    expect(written).toEqual([]);
    new AppLogger('json', 'debug').debug('shown');
    expect(JSON.parse(written.join('')).message).toBe('shown');
  });
});
