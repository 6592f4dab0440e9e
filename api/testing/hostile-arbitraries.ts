import fc from 'fast-check';

/**
 * fast-check generators of hostile input for the API fuzz test: strings over the whole UTF-16 range
 * (NUL, lone surrogates, C0/C1 controls, bidi marks, astral characters), dates with years 0 to
 * 99999 and offsets up to ±99:99, and values nested past the edge's nesting limit.
 */

const UNSAFE = ['\u0000', '\ud800', '\udfff', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f'];
const AWKWARD = ['\u202e', '\ufeff', '\u200b', 'ଓଡ଼ିଆ', '😀', '\ufffd', '%', '%00', '../', '"', "'", '\\', '\n'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const YEAR = fc.oneof(
  fc.constantFrom(0, 1, 999, 1899, 1900, 2026, 9999, 10000),
  fc.integer({ min: 0, max: 1899 }),
  fc.integer({ min: 1900, max: 9999 }),
  fc.integer({ min: 10000, max: 99999 }),
);
// The edges that matter: ±14:00 is the widest real offset, PostgreSQL refuses beyond ±15:59.
const OFFSET = fc.oneof(
  fc.constantFrom('Z', '+05:30', '+14:00', '-14:00', '+14:01', '-12:00', '+15:59', '+16:00', '+23:59', '-23:59'),
  fc
    .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([sign, h, m]) => `${sign}${pad(h, 2)}:${pad(m, 2)}`),
);

/** An ISO-looking date or instant whose year, day or offset may be far out of range. */
export const hostileDate: fc.Arbitrary<string> = fc
  .record({
    year: YEAR,
    // Mostly real months and days, so the year and offset are what is out of range.
    month: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, fc.integer({ min: 0, max: 13 })),
    day: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 28 }) }, fc.integer({ min: 0, max: 32 })),
    offset: fc.option(OFFSET, { nil: undefined }),
  })
  .map((d) => {
    const date = `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
    return d.offset === undefined ? date : `${date}T00:00:00${d.offset}`;
  });

/** Any string: full-range code units, known-bad characters spliced in, awkward but legal text, dates. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...UNSAFE, ...AWKWARD, 'a', '1', '/'), maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
  hostileDate,
);

/** A string guaranteed to break the edge text rule. */
export const unsafeString: fc.Arbitrary<string> = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom(...UNSAFE), fc.string({ maxLength: 10 }))
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Arrays wrapped `depth` deep around a value. */
export const deeplyNested = (min: number, max: number): fc.Arbitrary<unknown> =>
  fc.tuple(fc.integer({ min, max }), anyString).map(([depth, leaf]) => {
    let v: unknown = leaf;
    for (let i = 0; i < depth; i += 1) v = i % 2 === 0 ? [v] : { v };
    return v;
  });

/** JSON values of random shape and nesting, with hostile strings and keys at the leaves. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(null, true, false, 2 ** 53, -1, 0),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/**
 * A request body that must be refused: the schema's own keys (so the hostile part is reached) with
 * random values, plus at least one part no route may accept (unsafe text in a value or a key, or a
 * nesting past the limit).
 */
export const hostileBody = (keys: string[]): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      fc.dictionary(keys.length > 0 ? fc.constantFrom(...keys) : anyString, anyJson, { maxKeys: keys.length + 1 }),
      fc.oneof(
        fc.tuple(keys.length > 0 ? fc.constantFrom(...keys) : anyString, unsafeString),
        fc.tuple(unsafeString, anyJson),
        fc.tuple(keys.length > 0 ? fc.constantFrom(...keys) : anyString, deeplyNested(33, 80)),
      ),
    )
    .map(([rest, [key, bad]]) => ({ ...rest, [key]: bad }));

/**
 * A string as a path segment or query value: percent-encoded, with lone surrogates written as the
 * (invalid) UTF-8 bytes an attacker would send, which encodeURIComponent refuses to produce.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

/** What Node's HTTP client lets through in a header value (it throws on the rest): latin1 without controls. */
export const headerValue: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 40,
});

/** Every string leaf of a JSON value with its path, for planting a hostile value in a valid body. */
function stringLeaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  }
  return [];
}

function replaced(value: unknown, path: Array<string | number>, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = replaced(copy[head!], rest, leaf);
  return copy;
}

/**
 * A valid body with one string field replaced by text the edge must refuse: the case zod alone let
 * through (a NUL in a cancel reason, a probe note, a beneficiary name), since every other field is valid.
 */
export const validButOneUnsafe = (sample: unknown): fc.Arbitrary<unknown> => {
  const leaves = stringLeaves(sample);
  return fc.tuple(fc.constantFrom(...leaves), unsafeString).map(([path, bad]) => replaced(sample, path, bad));
};

/** A hand-made keyset cursor (base64url JSON) with hostile instants and ids. */
export const hostileCursor: fc.Arbitrary<string> = fc
  .record({
    at: fc.oneof(
      hostileDate.map((d) => `${d.slice(0, 10)}T00:00:00.000000Z`),
      anyString,
    ),
    id: fc.oneof(anyString, unsafeString),
  })
  .map((k) => Buffer.from(JSON.stringify(k), 'utf8').toString('base64url'));

/** A query value: mostly plausible (its enum, dates, numbers, booleans, cursors), sometimes anything. */
export const queryValue = (name: string, allowed: string[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: name === 'from' || name === 'to' ? 6 : 1, arbitrary: hostileDate },
    { weight: name === 'cursor' ? 6 : 0, arbitrary: hostileCursor },
    { weight: allowed.length > 0 ? 6 : 0, arbitrary: fc.constantFrom('', ...allowed) },
    { weight: 2, arbitrary: fc.constantFrom('1', '25', '100', '0', '-1', 'true', 'false') },
    { weight: 1, arbitrary: anyString },
  );
