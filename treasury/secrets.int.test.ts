import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aesEcbDecrypt } from '../jit/crypto';
import { createAuditCipher } from '../security/audit-cipher';
import { ERROR_LOG_TABLE, REQUEST_LOG_TABLE } from './audit-log';
import { readBillAudit } from './audit-reader';
import { SESSION_TABLE } from './session-store';
import { startHarness, type Harness } from './testing/harness';
import { accountNo, billNo, piInput } from './testing/inputs';

/**
 * After a run that touches every path that writes something (handshakes, re-authentication, success,
 * validation errors, undecryptable and failed answers, two processes sharing a session), nothing the run
 * used as a secret may appear in any log-table row, the session row, or any line of process output:
 * not the account numbers, REKs, appKeys, SEKs or auth tokens, in raw, base64 or hex form.
 */
describe('secrets scan: log tables and process output hold no plaintext secrets', () => {
  let h: Harness;
  const processOutput: string[] = [];
  const accounts = [accountNo(), accountNo(), accountNo('999')];
  const bills = [billNo('sec-ok'), billNo('sec-bad')];

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        processOutput.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      });
    }
    h = await startHarness({ label: 'secrets' });
    const gateway = h.gateway({ timeoutMs: 500 });
    const other = h.gateway(); // a second "process" sharing the session

    await gateway.postPaymentInstruction(piInput(bills[0]!, [accounts[0]!, accounts[2]!]));
    const bad = piInput(bills[1]!, [accounts[1]!]);
    bad.beneficiaries[0]!.ifsc = 'XXXX';
    await gateway.postPaymentInstruction(bad);
    await h.expireSessions();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? gateway : other).instructionStatus({ jitBillNo: bills[0]!, jitBillDate: Date.now(), ssuIaId: '1621' }),
      ),
    );
    for (const fault of [{ malformedRate: 1 }, { wrongKeyRate: 1 }, { truncatedRate: 1 }, { error5xxRate: 1 }]) {
      await h.faults(fault);
      await gateway
        .paymentAdvice({
          pmtInstId: '1',
          pmtInstDate: '2026-01-01 10:00:00',
          billNo: bills[0]!,
          billDate: Date.now(),
          ssuIaId: '1621',
        })
        .catch(() => undefined);
    }
    await h.clearFaults();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await h?.close();
  });

  it('the run really handled the secrets it scans for (the scan is not vacuous)', async () => {
    const { keys, authTokens, sekCiphertexts, logLines } = h.captured;
    expect(authTokens.length).toBeGreaterThanOrEqual(2);
    expect(sekCiphertexts.length).toBe(authTokens.length);
    expect(keys.length).toBeGreaterThan(10);
    expect(logLines.length).toBeGreaterThan(5);
    // The account numbers are in the log, encrypted: the auditor's key ring reads them back.
    const cipher = createAuditCipher({ id: h.config.audit.keyId, key: h.config.audit.key });
    const audit = await readBillAudit(h.db, cipher, bills[0]!);
    expect(JSON.stringify(audit)).toContain(accounts[0]);
    expect(audit.some((e) => e.errors.some((x) => x.errorClass === 'TreasuryUnavailable'))).toBe(true);
    const auth = await h.db(REQUEST_LOG_TABLE).where({ bill_number: 'AUTH', service_id: 'AUTH' });
    expect(auth.length).toBeGreaterThanOrEqual(2);
  });

  it('finds none of them in any row or any output line', async () => {
    const { keys, authTokens, sekCiphertexts } = h.captured;
    const seks = sekCiphertexts.flatMap((sek) =>
      keys.flatMap((key) => {
        try {
          const plain = aesEcbDecrypt(key, sek);
          return plain.length === 32 ? [plain] : [];
        } catch {
          return [];
        }
      }),
    );
    expect(seks.length).toBe(sekCiphertexts.length);

    const needles: Array<[string, Buffer]> = [
      ...accounts.map((a): [string, Buffer] => [`account ${a}`, Buffer.from(a)]),
      ...authTokens.map((t, i): [string, Buffer] => [`authToken #${i}`, Buffer.from(t)]),
      ['client secret', Buffer.from(h.config.treasury.clientSecret)],
      ...[
        ...keys.map((k, i): [string, Buffer] => [`key #${i}`, k]),
        ...seks.map((k, i): [string, Buffer] => [`SEK #${i}`, k]),
      ].flatMap(([name, k]): Array<[string, Buffer]> => [
        [`${name} raw`, k],
        [`${name} base64`, Buffer.from(k.toString('base64'))],
        [`${name} base64url`, Buffer.from(k.toString('base64url'))],
        [`${name} hex`, Buffer.from(k.toString('hex'))],
      ]),
    ];

    const haystacks: Array<[string, Buffer]> = [];
    for (const table of [REQUEST_LOG_TABLE, ERROR_LOG_TABLE, SESSION_TABLE]) {
      const rows = (await h.db(table).select('*')) as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const parts = Object.values(row).map((v) =>
          Buffer.isBuffer(v) ? v : Buffer.from(v instanceof Date ? v.toISOString() : String(v)),
        );
        haystacks.push([`${table} row ${String(row.id ?? row.client_id)}`, Buffer.concat(parts)]);
      }
    }
    haystacks.push(['gateway log', Buffer.from(h.captured.logLines.join(''))]);
    haystacks.push(['process stdout/stderr', Buffer.from(processOutput.join(''))]);

    const scan = (stacks: Array<[string, Buffer]>) =>
      stacks.flatMap(([where, hay]) =>
        needles.filter(([, n]) => hay.includes(n)).map(([what]) => `${what} in ${where}`),
      );
    // The scanner itself catches a leak like the legacy adapter's (a REK logged next to its ciphertext).
    const planted = Buffer.from(JSON.stringify({ encResponse: 'abc', decryptionRek: keys[3]!.toString('base64') }));
    expect(scan([['planted', planted]])).toContain('key #3 base64 in planted');

    expect(scan(haystacks)).toEqual([]);
  });
});
