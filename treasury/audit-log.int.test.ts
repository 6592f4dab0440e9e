import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../config';
import { runAuditLog } from '../scripts/audit-log';
import { startHarness, type Harness } from './testing/harness';
import { accountNo, billNo, piInput } from './testing/inputs';

/** The auditor's CLI against rows the gateway really wrote: decrypts with the ring, refuses a wrong key clearly. */
describe('audit-log CLI', () => {
  let h: Harness;
  const bill = billNo('audit');
  const account = accountNo();

  const cli = async (argv: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: inject('databaseUrl'),
      AUDIT_LOG_KEY: h.auditKey.toString('base64'),
      AUDIT_LOG_KEY_ID: h.config.audit.keyId,
      ...env,
    });
    const code = await runAuditLog(argv, config, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    h = await startHarness({ label: 'auditcli' });
    const gateway = h.gateway();
    await gateway.postPaymentInstruction(piInput(bill, [account]));
    await gateway.postPaymentInstruction(piInput(bill, [account])); // a duplicate: an error row too
  });
  afterAll(() => h?.close());

  it('prints request, response and error of every exchange about the bill, decrypted', async () => {
    const { code, out } = await cli(['--bill', bill]);
    expect(code).toBe(0);
    expect(out).toContain(account);
    expect(out).toContain('Jit Bill is received successfully');
    expect(out).toContain('error:    TreasuryDuplicateInstruction');
  });

  it('--json gives the entries as data', async () => {
    const { code, out } = await cli(['--bill', bill, '--json']);
    expect(code).toBe(0);
    const entries = JSON.parse(out) as Array<{ serviceId: string; request: { params: { jitBillNo: string } } }>;
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ serviceId: 'PI', request: { params: { jitBillNo: bill } } });
  });

  it('still reads old rows after a key rotation, through AUDIT_LOG_OLD_KEYS', async () => {
    const rotated = {
      AUDIT_LOG_KEY: randomBytes(32).toString('base64'),
      AUDIT_LOG_KEY_ID: 'rotated-2',
      AUDIT_LOG_OLD_KEYS: `${h.config.audit.keyId}:${h.auditKey.toString('base64')}`,
    };
    const { code, out } = await cli(['--bill', bill], rotated);
    expect(code).toBe(0);
    expect(out).toContain(account);
  });

  it('says which key is wrong instead of printing garbage', async () => {
    const wrongKey = await cli(['--bill', bill], { AUDIT_LOG_KEY: randomBytes(32).toString('base64') });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.err).toMatch(/configured key is wrong or the value was tampered with/);
    expect(wrongKey.out).toBe('');
    const missing = await cli(['--bill', bill], { AUDIT_LOG_KEY_ID: 'another-id' });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/not in the key ring/);
  });

  it('rejects missing arguments with usage, and reports an unknown bill plainly', async () => {
    expect((await cli([])).code).toBe(1);
    expect((await cli(['--nope'])).code).toBe(1);
    const none = await cli(['--bill', 'NO-SUCH-BILL']);
    expect(none).toMatchObject({ code: 0, out: 'no treasury traffic logged for bill NO-SUCH-BILL' });
  });
});
