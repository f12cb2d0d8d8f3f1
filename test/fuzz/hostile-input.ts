import fc from 'fast-check';

/** The API refuses bodies over this size (413) before it reads them. */
const LIMIT = 256 * 1024;

/** Bodies no generator reaches by chance: just over and just under the limit, nesting deep enough to hurt a recursive parser. */
const HUGE: readonly Buffer[] = [
  Buffer.alloc(LIMIT + 1, 'a'),
  Buffer.from(JSON.stringify({ data: 'x'.repeat(LIMIT - 64) })),
  Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  Buffer.from(`${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`),
  Buffer.from(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i))),
];

/** Strings that have broken parsers, number formats and key schemas before. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\t\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '99999999999999999999',
  '0x10',
  '+',
  '+1',
  '+999999999999999999999',
  '00',
  'anonymous',
  'client:alice',
  'sip:a@b',
  '2026-13-45T25:61:61Z',
  '9999-12-31T23:59:59Z',
  '__proto__',
  'constructor',
  'toString',
  '{}',
  '[]',
  '<Response/>',
  "'; DROP TABLE x; --",
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '😀',
  '\uFEFF',
  '\uD800',
  'x'.repeat(1100),
  'é'.repeat(700),
  'https://',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
];

/** Any string a JSON field could carry, including lone surrogates and control characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...NASTY_STRINGS));

/** Any JSON value, skewed towards the values that break schemas (wrong types, extremes, huge strings). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  hostileString,
  fc.constantFrom<unknown>(null, true, 0, -1, -0, 1.5, 2 ** 53, 1e308, -1e308, [], {}, [null], { '': null }),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = readonly (string | number)[];

const isObject = (value: Json): boolean => value !== null && typeof value === 'object' && !Array.isArray(value);

const pathsOf = (value: Json, prefix: Step = []): Step[] => {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => pathsOf((value as Record<string | number, Json>)[key] ?? null, [...prefix, key]))];
};

const applyAt = (root: Json, path: Step, replacement: unknown, remove: boolean): Json => {
  if (path.length === 0) return remove ? null : (replacement as Json);
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, Json>;
  const last = path.at(-1) ?? '';
  if (remove && !Array.isArray(node)) delete node[last];
  else node[last] = replacement as Json;
  return copy;
};

/** A documented payload with one to four of its fields replaced by hostile values, removed, or joined by unknown ones. */
export const mutated = (base: unknown): fc.Arbitrary<unknown> =>
  fc.array(fc.tuple(fc.nat(), hostileValue, fc.constantFrom('replace', 'remove', 'add')), { minLength: 1, maxLength: 4 }).map((edits) =>
    edits.reduce<Json>((doc, [pick, value, op]) => {
      const paths = pathsOf(doc);
      if (op !== 'add') return applyAt(doc, paths[pick % paths.length] ?? [], value, op === 'remove');
      const objects = paths.filter((p) => isObject(p.reduce<Json>((node, step) => (node as Record<string | number, Json>)[step] ?? null, doc)));
      const into = objects[pick % Math.max(1, objects.length)];
      return into ? applyAt(doc, [...into, `fuzz_${pick % 7}`], value, false) : (value as Json);
    }, base as Json),
  );

/** Text that looks like JSON but is not: cut short, a byte flipped, or a stray character inserted. */
export const brokenJson = (text: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.nat({ max: Math.max(0, text.length - 1) }), fc.constantFrom('cut', 'insert', 'flip'), fc.constantFrom('{', '"', ',', '\\', '\u0000', ']', 'NaN'))
    .map(([at, how, char]) => {
      if (how === 'cut') return text.slice(0, at);
      if (how === 'insert') return `${text.slice(0, at)}${char}${text.slice(at)}`;
      return `${text.slice(0, at)}${String.fromCharCode(text.charCodeAt(at) ^ 0x20 || 0x41)}${text.slice(at + 1)}`;
    });

/** The same text in an encoding no provider uses. */
export const reEncoded = (text: string): fc.Arbitrary<Buffer> =>
  fc
    .constantFrom<(t: string) => Buffer>(
      (t) => Buffer.from(t, 'utf16le'),
      (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
      (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
      (t) => Buffer.from(t, 'latin1'),
      (t) => Buffer.from(Buffer.from(t).toString('base64')),
      (t) => Buffer.from(encodeURIComponent(t)),
    )
    .map((encode) => encode(text));

const formBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.dictionary(hostileString, hostileString, { maxKeys: 6 }).map((d) => Buffer.from(new URLSearchParams(d).toString())),
  fc.constantFrom('a=%ZZ&b=%', 'CallSid=%E0%A4%A', '&&&==&=', 'a[b][c]=1&a[b]=2', '__proto__[x]=1').map((s) => Buffer.from(s)),
);

/**
 * Any body: bytes, text with broken UTF-8, JSON of any shape, the documented payloads (as text) mutated,
 * truncated or re-encoded, form bodies, empty, huge.
 */
export const hostileBody = (samples: readonly string[]): fc.Arbitrary<Buffer> => {
  const sample = fc.constantFrom(...samples);
  return fc.oneof(
    { arbitrary: fc.constant(Buffer.alloc(0)), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s)), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v))), weight: 2 },
    { arbitrary: sample.chain((s) => mutated(JSON.parse(s))).map((v) => Buffer.from(JSON.stringify(v) ?? '')), weight: 4 },
    { arbitrary: sample.chain(brokenJson).map((s) => Buffer.from(s)), weight: 2 },
    { arbitrary: sample.chain(reEncoded), weight: 1 },
    { arbitrary: formBody, weight: 1 },
    { arbitrary: fc.constantFrom(...HUGE), weight: 1 },
  );
};

const visible = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 120 });
const latin1 = fc.string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

/** A header value a client can send (no CR/LF/NUL) but no signer would: garbage, fresh or absurd timestamps, fake JWTs. */
export const garbageHeaderValue: fc.Arbitrary<string> = fc.oneof(
  visible,
  latin1,
  fc.constantFrom(
    '',
    ' ',
    'Bearer',
    'Bearer ',
    'Bearer a.b.c',
    'bearer eyJhbGciOiJub25lIn0.eyJwYXlsb2FkX2hhc2giOiIifQ.',
    'Basic Zm9vOmJhcg==',
    'v0=',
    'v1,',
    'v1,AAAA v1,BBBB',
    'v2,abc',
    '0',
    '-1',
    '99999999999999999999',
    'NaN',
    '1e3',
    'x'.repeat(1000),
  ),
  fc.integer({ min: -400, max: 400 }).map((skew) => String(Math.floor(Date.now() / 1000) + skew)),
);

/** Every header a provider signs with, and the handshake headers. */
export const SIGNATURE_HEADERS = [
  'x-twilio-signature',
  'telnyx-signature-ed25519',
  'telnyx-timestamp',
  'verification-token',
  'validation-token',
  'x-zm-signature',
  'x-zm-request-timestamp',
  'authorization',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
] as const;

const ODD_TYPES = [
  '',
  'text/plain',
  'text/xml',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/json;;;',
  ';',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/jwt',
  '*/*',
  'json',
];

/** A random header set: an odd or right content type (or none), some signature headers with garbage, unknown headers. */
export const hostileHeaders = (contentTypes: readonly string[]): fc.Arbitrary<Record<string, string>> =>
  fc
    .record({
      contentType: fc.option(
        fc.oneof(fc.constantFrom(...contentTypes, ...contentTypes.map((t) => `${t}; charset=utf-8`)), fc.constantFrom(...ODD_TYPES), visible),
      ),
      signatures: fc
        .subarray([...SIGNATURE_HEADERS])
        .chain((names) => fc.tuple(...names.map((name) => garbageHeaderValue.map((value) => [name, value] as const)))),
      extra: fc.dictionary(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).map((n) => `x-fuzz-${n}`),
        garbageHeaderValue,
        { maxKeys: 3 },
      ),
    })
    .map(({ contentType, signatures, extra }) => ({
      ...extra,
      ...Object.fromEntries(signatures),
      ...(contentType === null ? {} : { 'content-type': contentType }),
    }));
