import { describe, expect, it } from 'vitest';
import {
  paidInstructionStatus,
  paidStatusOf,
  PI_STATUSES,
  PI_STATUSES_AT_TREASURY,
  PI_STATUSES_PAID,
} from './payments';

describe('a paid PI’s status from its beneficiaries', () => {
  it('is SUCCESSFUL with no returns, PARTIAL with some, RETURNED when every beneficiary came back', () => {
    expect(paidInstructionStatus(0, 3)).toBe('SUCCESSFUL');
    expect(paidInstructionStatus(1, 3)).toBe('PARTIAL');
    expect(paidInstructionStatus(2, 3)).toBe('PARTIAL');
    expect(paidInstructionStatus(3, 3)).toBe('RETURNED');
    expect(paidInstructionStatus(1, 1)).toBe('RETURNED');
    expect(paidStatusOf([{ status: 'FAILED' }, { status: 'SUCCESS' }])).toBe('PARTIAL');
    expect(paidStatusOf([{ status: 'FAILED' }])).toBe('RETURNED');
  });

  it('groups every paid status as paid and held by the treasury', () => {
    expect([...PI_STATUSES_PAID]).toEqual(['SUCCESSFUL', 'PARTIAL', 'RETURNED']);
    for (const s of PI_STATUSES_PAID) {
      expect(PI_STATUSES).toContain(s);
      expect(PI_STATUSES_AT_TREASURY.has(s)).toBe(true);
    }
  });
});
