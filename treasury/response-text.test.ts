import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TreasuryResponseSchemaError } from './errors';
import { parseServiceResponse } from './response';

const fixture = (file: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '../test/fixtures/jit-samples', file), 'utf8')) as {
    data: Array<Record<string, unknown>>;
  };

/**
 * The edge text rule applies to treasury answers too: a NUL or lone surrogate in any field would be
 * accepted here and then fail for ever in the activity writing it to PostgreSQL.
 */
describe('treasury answers carrying text the platform cannot store', () => {
  it.each([
    ['a NUL', 'A\u0000'],
    ['a lone surrogate', '\ud800'],
    ['a control character', 'x\u001b[2J'],
  ])('refuses %s in a row field with a typed schema error naming the field', (_what, bad) => {
    const answer = fixture('1VAResponse.json');
    const [field] = Object.keys(answer.data[0]!).filter((k) => typeof answer.data[0]![k] === 'string');
    answer.data[0]![field!] = bad;
    const parse = () => parseServiceResponse('VA', JSON.stringify(answer));
    expect(parse).toThrow(TreasuryResponseSchemaError);
    expect(parse).toThrow(new RegExp(`data\\.0\\.${field}`));
  });

  it('still takes the unchanged sample', () => {
    expect(parseServiceResponse('VA', JSON.stringify(fixture('1VAResponse.json'))).kind).toBe('ok');
  });
});
