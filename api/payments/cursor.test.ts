import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  const keyset = { at: '2026-06-01T10:00:00.123456Z', id: 'PI/2026/000042' };

  it('round-trips a keyset as opaque base64url text', () => {
    const cursor = encodeCursor(keyset);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(keyset);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['an instant without microseconds', encodeCursor({ at: '2026-06-01T10:00:00Z', id: 'PI/1' })],
    ['an empty id', encodeCursor({ at: keyset.at, id: '' })],
    ['extra fields', Buffer.from(JSON.stringify({ ...keyset, sql: 'x' })).toString('base64url')],
  ])('refuses %s with a 400 INVALID_CURSOR', (_what, cursor) => {
    const err = (() => {
      try {
        decodeCursor(cursor);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
  });
});
