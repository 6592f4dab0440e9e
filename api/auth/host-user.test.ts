import { describe, expect, it } from 'vitest';
import { DIGIT_USER_MAPPING, identityFromHostUser, tokenRequestBody } from './host-user';

const mapping = { ...DIGIT_USER_MAPPING, roleMap: { MUKTA_ADMIN: 'TREASURY_OPS', BILL_CREATOR: 'EMPLOYEE' } as const };
const answer = (user: Record<string, unknown>) => ({
  ResponseInfo: null,
  UserRequest: { uuid: 'u-1', userName: 'ops', tenantId: 'od.angul', active: true, type: 'EMPLOYEE', ...user },
});

describe('host user → identity', () => {
  it('maps per-tenant roles through the role map, ignoring codes it does not list', () => {
    const identity = identityFromHostUser(
      answer({
        roles: [
          { code: 'MUKTA_ADMIN', name: 'Mukta admin', tenantId: 'od.puri' },
          { code: 'BILL_CREATOR' },
          { code: 'SUPERUSER', tenantId: 'od' },
          { code: 'toString', tenantId: 'od' },
        ],
      }),
      mapping,
    );
    expect(identity).toEqual({
      sub: 'u-1',
      tenants: ['od.angul', 'od.puri'],
      roles: ['EMPLOYEE', 'TREASURY_OPS'],
      rolesByTenant: { 'od.angul': ['EMPLOYEE'], 'od.puri': ['TREASURY_OPS'] },
    });
  });

  it('refuses inactive users, users without an id, and users with no known role', () => {
    expect(identityFromHostUser(answer({ active: false, roles: [{ code: 'MUKTA_ADMIN' }] }), mapping)).toEqual({
      refused: 'the user is not active',
    });
    expect(identityFromHostUser(answer({ uuid: undefined, roles: [{ code: 'MUKTA_ADMIN' }] }), mapping)).toEqual({
      refused: 'the user has no identifier',
    });
    expect(identityFromHostUser(answer({ roles: [{ code: 'CITIZEN' }] }), mapping)).toMatchObject({
      refused: expect.stringMatching(/no role/),
    });
    expect(identityFromHostUser({ Errors: [] }, mapping)).toMatchObject({ refused: expect.any(String) });
    expect(identityFromHostUser(answer({ roles: [{ code: 'MUKTA_ADMIN', tenantId: '../x' }] }), mapping)).toMatchObject(
      {
        refused: expect.any(String),
      },
    );
  });

  it('reads other hosts’ shapes from the configured paths', () => {
    const other = { ...mapping, userPath: 'data.user', subjectField: 'id', roleMap: { ops: 'TREASURY_OPS' as const } };
    expect(
      identityFromHostUser({ data: { user: { id: 42, tenantId: 'od.angul', roles: [{ code: 'ops' }] } } }, other),
    ).toMatchObject({ sub: '42', tenants: ['od.angul'], roles: ['TREASURY_OPS'] });
    expect(tokenRequestBody(DIGIT_USER_MAPPING, 't-1')).toEqual({ RequestInfo: { authToken: 't-1' } });
    expect(tokenRequestBody({ ...DIGIT_USER_MAPPING, tokenBodyPath: '' }, 't-1')).toEqual({});
  });
});
