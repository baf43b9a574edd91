import { InvalidLine, parseExportLine } from './export-line-parser';
import { ImportSequence } from './import-sequence';

const header = '{"type":"header","format":"opsync-account-export","version":1,"exportedAt":1}';
const account = '{"type":"account","email":"a@example.com","isVerified":true,"createdAt":1,"termsAcceptedAt":null,"storageQuotaBytes":10}';
const state = '{"type":"syncState","lastSeq":3,"marker":null,"latestStateReplacementSeq":0}';
const op = (seq: number) =>
  JSON.stringify({
    type: 'op',
    id: `op-${seq}`,
    serverSeq: seq,
    clientId: 'c',
    actionType: 'a',
    opType: 'UPD',
    entityType: 'TASK',
    entityId: 't',
    entityIds: null,
    payloadText: '"x"',
    storedBytes: 3,
    vectorClock: { c: seq },
    schemaVersion: 1,
    timestamp: 1,
    receivedAt: 1,
    isPayloadEncrypted: true,
    syncImportReason: null,
    repairBaseServerSeq: null,
  });

function run(lines: string[]): ImportSequence {
  const sequence = new ImportSequence();
  for (const line of lines) sequence.accept(parseExportLine(line));
  return sequence;
}

describe('ImportSequence', () => {
  it('accepts an export in order and counts what it held', () => {
    const sequence = run([header, account, state, op(1), op(3), '{"type":"end","devices":0,"keys":0,"ops":2}']);
    expect({ ended: sequence.ended, counts: sequence.counts, lastSeq: sequence.state.lastSeq }).toEqual({
      ended: true,
      counts: { devices: 0, keys: 0, ops: 2 },
      lastSeq: 3,
    });
  });

  it.each([
    ['no header first', [account], 'starts with its header'],
    [
      'a section out of order',
      [header, account, state, op(1), '{"type":"device","clientId":"c","createdAt":1,"lastSeenAt":1}'],
      'cannot follow',
    ],
    ['a second account line', [header, account, account], 'a second account line'],
    ['ops before the sync state', [header, account, op(1)], 'needs the account and syncState'],
    ['a repeated seq', [header, account, state, op(2), op(2)], 'does not follow'],
    ['a seq above lastSeq', [header, account, state, op(4)], 'above the exported lastSeq 3'],
    ['counts that do not match', [header, account, state, op(1), '{"type":"end","devices":0,"keys":0,"ops":2}'], 'the export held'],
    ['a line after the end', [header, account, state, '{"type":"end","devices":0,"keys":0,"ops":0}', op(1)], 'nothing may follow'],
  ])('refuses %s', (_case, lines, reason) => {
    expect(() => run(lines)).toThrow(InvalidLine);
    expect(() => run(lines)).toThrow(reason);
  });

  it('refuses lines whose fields do not fit the tables', () => {
    expect(() => parseExportLine('{"type":"op"}')).toThrow(InvalidLine);
    expect(() => parseExportLine(op(1).replace('"payloadText":"\\"x\\""', '"payloadText":"not json"'))).toThrow(
      'payloadText must be JSON text',
    );
    expect(() => parseExportLine('{"type":"header","format":"other","version":1,"exportedAt":1}')).toThrow('not an opsync-account-export');
    expect(() => parseExportLine('[1]')).toThrow('a line must be an object');
  });
});
