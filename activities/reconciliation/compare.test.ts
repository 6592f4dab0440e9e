import { describe, expect, it } from 'vitest';
import { differences } from './compare';

const kinds = (...args: Parameters<typeof differences>) => differences(...args).map((d) => d.kind);

describe('reconciliation differences', () => {
  it('finds a PI we call FAILED that the treasury holds or paid', () => {
    expect(kinds({ status: 'FAILED', amountPaise: 100 }, { state: 'PAID', amountPaise: 100 })).toEqual([
      'OURS_FAILED_TREASURY_LIVE',
      'TREASURY_PAID_OURS_PENDING',
    ]);
    expect(kinds({ status: 'FAILED', amountPaise: 100 }, { state: 'HELD' })).toEqual(['OURS_FAILED_TREASURY_LIVE']);
  });

  it('finds amounts that differ, rejections we missed, and live PIs the treasury does not know', () => {
    expect(kinds({ status: 'APPROVED', amountPaise: 100 }, { state: 'HELD', amountPaise: 90 })).toEqual([
      'AMOUNT_MISMATCH',
    ]);
    expect(kinds({ status: 'INITIATED', amountPaise: 1 }, { state: 'REJECTED' })).toEqual([
      'TREASURY_REJECTED_OURS_LIVE',
    ]);
    expect(kinds({ status: 'IN_PROCESS', amountPaise: 1 }, { state: 'UNKNOWN', answer: 'no such bill' })).toEqual([
      'OURS_LIVE_TREASURY_UNKNOWN',
    ]);
  });

  it('finds nothing when both sides agree, or when the treasury did not answer', () => {
    expect(kinds({ status: 'SUCCESSFUL', amountPaise: 5 }, { state: 'PAID', amountPaise: 5 })).toEqual([]);
    expect(kinds({ status: 'REJECTED', amountPaise: 5 }, { state: 'REJECTED' })).toEqual([]);
    expect(kinds({ status: 'FAILED', amountPaise: 5 }, { state: 'NOT_SHOWN' })).toEqual([]);
    expect(kinds({ status: 'APPROVED', amountPaise: 5 }, { state: 'NO_ANSWER', answer: 'reset' })).toEqual([]);
  });
});
