import { describe, expect, it } from 'vitest';
import { dateRangeProblem } from './date-rule';
import { echoPath, findUnsafeText, MAX_NESTING, truncateEcho, unsafeTextReason } from './text-rule';

describe('the edge text rule', () => {
  it.each([
    ['NUL', 'a\u0000b', /NUL/],
    ['a lone high surrogate', 'a\ud800', /lone surrogate \(U\+D800\)/],
    ['a lone low surrogate', '\udfffz', /lone surrogate \(U\+DFFF\)/],
    ['a C0 control', 'bell\u0007', /U\+0007/],
    ['DEL', 'x\u007f', /U\+007F/],
    ['a C1 control', 'x\u0085', /U\+0085/],
  ])('refuses %s', (_what, text, reason) => {
    expect(unsafeTextReason(text)).toMatch(reason);
  });

  it.each([['plain'], ['ଓଡ଼ିଆ ବିଲ୍'], ['😀 a surrogate pair'], ['lines\nand\ttabs\r\n'], ['']])('takes %j', (text) => {
    expect(unsafeTextReason(text)).toBeUndefined();
  });

  it('finds unsafe strings and keys anywhere, with their paths', () => {
    const issues = findUnsafeText({ a: [{ b: 'ok' }, { c: 'x\u0000' }], ['k\u0001']: 1 });
    expect(issues.map((i) => echoPath(i.path)).sort()).toEqual(['a.1.c', 'k\\u0001']);
  });

  it('refuses nesting deeper than the limit without walking it', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    const issues = findUnsafeText(deep);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toHaveLength(MAX_NESTING);
  });

  it('truncates what it echoes', () => {
    expect(truncateEcho('k'.repeat(250_000))).toMatch(/^k{80}… \(250000 characters\)$/);
    expect(echoPath(['k'.repeat(1_000), 'x']).length).toBeLessThan(100);
  });
});

describe('the edge date rule', () => {
  it.each([
    ['0000-01-01', /year/],
    ['1899-12-31', /year/],
    ['2026-05-10T00:00:00+23:59', /offset/],
    ['2026-05-10T00:00:00-14:01', /offset/],
    ['2026-05-10T00:00:00+0560', /offset/],
  ])('refuses %s', (iso, reason) => {
    expect(dateRangeProblem(iso)).toMatch(reason);
  });

  it.each([
    ['1900-01-01'],
    ['9999-12-31'],
    ['2026-05-10T00:00:00+14:00'],
    ['2026-05-10T00:00:00-12:00'],
    ['2026-05-10T00:00:00Z'],
  ])('takes %s', (iso) => {
    expect(dateRangeProblem(iso)).toBeUndefined();
  });
});
