import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from './logger';

describe('log redaction', () => {
  it('blanks account, IFSC, mobile and address wherever a beneficiary appears, and keeps the logger name', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ name: 'api', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    const b = { name: 'Asha Behera', accountNumber: '100000000011', ifsc: 'SBIN0000041', mobile: '9437000011' };
    log.info({ accountNumber: '100000000011', input: { beneficiaries: [b] }, beneficiaries: [b] }, 'x');
    log.info({ err: { params: { benfAcctNo: '100000000011', benfMobileNo: '9437000011' } } }, 'y');
    const out = lines.join('');
    for (const secret of ['100000000011', '9437000011', 'SBIN0000041', 'Asha']) expect(out).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: 'api', accountNumber: '[redacted]' });
  });
});
