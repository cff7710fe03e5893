/**
 * Generated abuse of the write path (fast-check): each case is one POST to
 * /priorities/{id}/updates as HTTP API would deliver it, with the statuses its category may
 * legitimately produce. A valid token for the priority rides along (header or form field) in
 * most cases, so the request gets past authentication and its body is what is tested.
 */
import fc from 'fast-check';
import { sessionCookie } from '#shared/domain/session';

export type Category =
  | 'malformed-json'
  | 'wrong-types'
  | 'odd-unicode'
  | 'ill-formed-text'
  | 'duplicate-keys'
  | 'form-body'
  | 'bad-base64'
  | 'header-games'
  | 'oversized'
  | 'unknown-fields'
  | 'valid'
  | 'odd-priority';

export interface AbuseCase {
  category: Category;
  /** The path parameter, decoded, as the route hands it to the function. */
  priorityId: string;
  /** Lower-case header names, as HTTP API delivers them. */
  headers: Record<string, string>;
  /** The body as the client sends it (before any base64 wrapping). */
  body: Buffer | undefined;
  /** Base64-wrap the body in the event (HTTP API does for form posts), or deliver this exact string marked base64. */
  base64: boolean | { raw: string };
  /** Statuses this case may produce; undefined means any status below 500. */
  allowed?: readonly number[];
  /** The field a 422 must name, for a case whose only fault is in that field. */
  field?: string;
}

export interface AbuseContext {
  priorityIds: readonly string[];
  /** A valid token for each priority. */
  tokens: Readonly<Record<string, string>>;
}

const json = 'application/json';
const formType = 'application/x-www-form-urlencoded';
const statuses = ['green', 'amber-green', 'amber', 'amber-red', 'red'] as const;
const fieldNames = ['status', 'period', 'summary', 'achievements', 'nextSteps', 'barriers', 'statusRationale'] as const;

/** Characters that break naive code: NUL, lone surrogates, bidi overrides, zero-width, BOM, emoji sequences, markup. */
const oddUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\uD800',
      '\uDBFF',
      '\uDC00',
      '\uDFFF',
      '\u202E',
      '\u202D',
      '\u200F',
      '\u200B',
      '\u2028',
      '\u2029',
      '\uFEFF',
      '\uFFFD',
      '\uFFFF',
      '\r',
      '\n',
      '\r\n',
      '\t',
      '\u000B',
      '\u001B',
      '\u007F',
      '\u0085',
      '\u00A0',
      '\u3000',
      '👩‍👩‍👧‍👦',
      '🏳️‍🌈',
      '🇬🇧',
      '👍🏽',
      'é',
      'e\u0301',
      'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      'ﷺ',
      'مرحبا',
      'שלום',
      '日本語',
      'İ',
      'ß',
      '<',
      '>',
      '&',
      '"',
      "'",
      '\\',
      '/',
      '%',
      '+',
      '=',
      '@',
      '-',
      '`',
      '${',
      '{{',
      '%s',
      '%n',
    ),
  },
);
/**
 * What no stored text may hold: lone surrogates (JSON can carry them as `\ud800` escapes) and
 * control characters other than tab and line breaks (CR is not among them: it becomes LF).
 */
const loneSurrogate = fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff })).map((unit) => String.fromCharCode(unit));
const controlCharacter = fc
  .oneof(fc.integer({ min: 0x00, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .filter((code) => code !== 0x09 && code !== 0x0a && code !== 0x0d)
  .map((code) => String.fromCharCode(code));
const oddText = (maxLength: number) => fc.string({ unit: oddUnit, minLength: 0, maxLength });
const plainText = (maxLength: number) =>
  fc
    .tuple(fc.constantFrom('A', 'B', 'Progress', 'Update', 'Barrier'), fc.string({ unit: 'grapheme-ascii', maxLength }))
    .map(([head, tail]) => `${head} ${tail}`);

const period = fc.oneof(
  fc.tuple(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 })).map(([year, month]) => `${year}-${String(month).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 4 })).map(([year, quarter]) => `${year}-Q${quarter}`),
);

/** An update the API must accept (every status carries a rationale, so the current status never matters). */
const validUpdate = fc.record({
  status: fc.constantFrom(...statuses),
  period,
  summary: plainText(300),
  achievements: fc.array(plainText(60), { maxLength: 4 }),
  nextSteps: fc.array(plainText(60), { maxLength: 4 }),
  barriers: fc.array(fc.record({ description: plainText(60), needsBoardSupport: fc.boolean() }), { maxLength: 3 }),
  statusRationale: plainText(120),
});
type ValidUpdate = typeof validUpdate extends fc.Arbitrary<infer T> ? T : never;

function formText(update: Partial<Record<string, unknown>>, extra: [string, string][] = []): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(update)) {
    if (name === 'barriers' && Array.isArray(value)) {
      const barriers = value as { description: string; needsBoardSupport: boolean }[];
      params.append(
        'barriers',
        barriers
          .filter((b) => !b.needsBoardSupport)
          .map((b) => b.description)
          .join('\n'),
      );
      params.append(
        'boardSupportBarriers',
        barriers
          .filter((b) => b.needsBoardSupport)
          .map((b) => b.description)
          .join('\n'),
      );
    } else if (Array.isArray(value)) params.append(name, value.map(String).join('\r\n'));
    else if (value !== undefined) params.append(name, String(value));
  }
  for (const [name, value] of extra) params.append(name, value);
  return params.toString();
}

const buffer = (text: string) => Buffer.from(text, 'utf8');

const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.object({ maxDepth: 2, maxKeys: 3 }),
  fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.object({ maxDepth: 1 })), { minLength: 1, maxLength: 3 }),
);

// A counter rather than fc.uuid: fast-check's bias repeats small uuids, and a reused key is another test.
let issuedKeys = 0;

export function abuseCase(context: AbuseContext): fc.Arbitrary<AbuseCase> {
  const priority = fc.constantFrom(...context.priorityIds);
  const bearer = (priorityId: string) => `Bearer ${context.tokens[priorityId]!}`;
  const withAuth = (priorityId: string, headers: Record<string, string> = {}) => ({ authorization: bearer(priorityId), ...headers });
  const uniqueKey = fc.constant('key').map((prefix) => {
    issuedKeys += 1;
    return `${prefix}-${issuedKeys}`;
  });

  // Malformed JSON: strict prefixes of a valid object (never valid JSON), and classic near-misses.
  const malformedJson = fc
    .tuple(
      priority,
      validUpdate,
      fc.integer({ min: 1, max: 10_000 }),
      fc.constantFrom(
        "{'status':'amber'}",
        '{"status":"amber",}',
        '{"status":NaN}',
        '{"status": undefined}',
        '{status:"amber"}',
        '{"a":1}}',
        '[1,2',
        '{"summary":"x"/*c*/}',
        '\uFEFF{"status":"amber"}',
        '{"status":"am\u0000ber"',
        '{"summary":"\\x41"}',
        '{"summary":"\\u12"}',
        '{"a":01}',
        '{"a":.5}',
        '{"a":+1}',
        '{"a":Infinity}',
        '{"a":"\n"}',
        'nul',
        'tru',
        '{"a":1 "b":2}',
        '{"__proto__":',
        '['.repeat(5000),
        '{"a":'.repeat(3000),
        `{"summary":"${'\\'.repeat(3)}"}`,
      ),
      fc.boolean(),
    )
    .map(([priorityId, update, cut, classic, useClassic]): AbuseCase => {
      const text = JSON.stringify(update);
      const body = useClassic ? classic : text.slice(0, 1 + (cut % (text.length - 1)));
      // A byte-order mark is dropped by the UTF-8 decoder, so that body is judged as JSON: 422.
      const allowed = useClassic && classic.startsWith('\uFEFF') ? [422] : [400];
      return { category: 'malformed-json', priorityId, headers: withAuth(priorityId, { 'content-type': json }), body: buffer(body), base64: false, allowed };
    });

  // Wrong types: one field (or the whole body) replaced by a value of another type.
  const wrongTypes = fc
    .tuple(priority, validUpdate, fc.constantFrom(...fieldNames, 'barrier.description', 'barrier.needsBoardSupport', 'entry', '(body)'), wrongValue)
    .map(([priorityId, update, field, value]): AbuseCase => {
      let candidate: unknown = { ...update };
      const record = candidate as Record<string, unknown>;
      if (field === '(body)') candidate = Array.isArray(value) || value === null || typeof value !== 'object' ? value : [value];
      else if (field === 'barrier.description' || field === 'barrier.needsBoardSupport') {
        const key = field.split('.')[1]!;
        record.barriers = [
          { description: 'A barrier', needsBoardSupport: false, [key]: typeof value === 'boolean' && key === 'needsBoardSupport' ? String(value) : value },
        ];
      } else if (field === 'entry') record.achievements = ['fine', value];
      else
        record[field] = (field === 'achievements' || field === 'nextSteps' || field === 'barriers') && Array.isArray(value) && value.length === 0 ? 1 : value;
      // A type that happens to be acceptable (an array of objects for barriers) is still refused: wrong shape.
      return {
        category: 'wrong-types',
        priorityId,
        headers: withAuth(priorityId, { 'content-type': json }),
        body: buffer(JSON.stringify(candidate)),
        base64: false,
        allowed: [422],
      };
    });

  // Odd unicode in every text field, sometimes huge.
  const oddUnicode = fc
    .tuple(
      priority,
      validUpdate,
      fc.record({ summary: oddText(400), rationale: oddText(80), entry: oddText(60), barrier: oddText(60) }),
      fc.constantFrom(0, 0, 0, 4999, 5000, 5001, 20_000),
      fc.constantFrom(...statuses),
      uniqueKey,
    )
    .map(([priorityId, update, odd, huge, status, key]): AbuseCase => {
      const summary = huge > 0 ? '👩‍👩‍👧‍👦'.repeat(Math.ceil(huge / 11)).slice(0, huge) : odd.summary;
      const candidate = {
        ...update,
        status,
        summary,
        statusRationale: odd.rationale || 'x',
        achievements: [odd.entry || 'y', ...update.achievements],
        barriers: [{ description: odd.barrier || 'z', needsBoardSupport: true }],
      };
      return {
        category: 'odd-unicode',
        priorityId,
        headers: withAuth(priorityId, { 'content-type': json, 'idempotency-key': key }),
        body: buffer(JSON.stringify(candidate)),
        base64: false,
        allowed: [201, 413, 422],
      };
    });

  // Ill-formed text: one lone surrogate or control character inside one text field of an
  // otherwise valid update, as JSON or as a form. It is put between two letters so no trimming
  // can drop it. A form cannot carry a lone surrogate at all (percent-decoding turns one into
  // U+FFFD), so a form case gets a control character.
  const textFields = ['summary', 'statusRationale', 'achievements', 'nextSteps', 'barriers'] as const;
  const illFormedText = fc
    .tuple(priority, validUpdate, fc.constantFrom(...textFields), loneSurrogate, controlCharacter, fc.boolean(), fc.boolean(), fc.nat(), uniqueKey)
    .map(([priorityId, update, field, surrogate, control, useSurrogate, asForm, at, key]): AbuseCase => {
      const bad = asForm || !useSurrogate ? control : surrogate;
      const spoil = (text: string) => `${text.slice(0, at % (text.length + 1))}a${bad}b${text.slice(at % (text.length + 1))}`;
      const candidate: ValidUpdate = { ...update };
      let named: string;
      if (field === 'summary' || field === 'statusRationale') {
        candidate[field] = spoil(update[field]);
        named = field;
      } else if (field === 'barriers') {
        // First in the form's plain barriers textarea, so first in the list either way.
        candidate.barriers = [{ description: spoil('A barrier'), needsBoardSupport: false }, ...update.barriers];
        named = 'barriers.0.description';
      } else {
        candidate[field] = [spoil(update[field][0] ?? 'An entry'), ...update[field].slice(1)];
        named = `${field}.0`;
      }
      const body = asForm ? formText(candidate, [['token', context.tokens[priorityId]!]]) : JSON.stringify(candidate);
      const headers: Record<string, string> = asForm ? { 'content-type': formType } : withAuth(priorityId, { 'content-type': json });
      headers['idempotency-key'] = key;
      return { category: 'ill-formed-text', priorityId, headers, body: buffer(body), base64: asForm, allowed: [422], field: named };
    });

  // Duplicate keys: the same name twice, the later value valid or not.
  const duplicateKeys = fc
    .tuple(
      priority,
      validUpdate,
      fc.constantFrom(...fieldNames),
      fc.oneof(wrongValue, fc.constantFrom('amber', 'purple', '', '2021-13', 'A summary')),
      fc.boolean(),
    )
    .map(([priorityId, update, field, value, first]): AbuseCase => {
      const text = JSON.stringify(update);
      const pair = `${JSON.stringify(field)}:${JSON.stringify(value)}`;
      const body = first ? `{${pair},${text.slice(1)}` : `${text.slice(0, -1)},${pair}}`;
      return {
        category: 'duplicate-keys',
        priorityId,
        headers: withAuth(priorityId, { 'content-type': json }),
        body: buffer(body),
        base64: false,
        allowed: [201, 422],
      };
    });

  // Form bodies: the browser's shape, repeated and missing fields, garbage and malformed percent-encoding.
  const formBody = fc
    .tuple(
      priority,
      validUpdate,
      fc.constantFrom('valid', 'repeated-status', 'repeated-token', 'garbage', 'bad-percent', 'token-only', 'proto', 'no-token'),
      fc.string({ unit: fc.constantFrom('%', '&', '=', '+', 'a', 'Z', '0', '9', 'é', '\u0000', ';', '#', ' '), maxLength: 200 }),
      fc.constantFrom('text/html', 'application/json', undefined),
      fc.boolean(),
      uniqueKey,
    )
    .map(([priorityId, update, shape, garbage, accept, base64, key]): AbuseCase => {
      const token = context.tokens[priorityId]!;
      const extras: Record<typeof shape, [string, string][]> = {
        valid: [
          ['token', token],
          ['submissionId', key],
        ],
        'repeated-status': [
          ['token', token],
          ['status', 'red'],
        ],
        'repeated-token': [
          ['token', token],
          ['token', token],
        ],
        garbage: [['token', token]],
        'bad-percent': [['token', token]],
        'token-only': [['token', token]],
        proto: [
          ['token', token],
          ['__proto__', 'x'],
          ['constructor', 'y'],
          ['toString', 'z'],
          ['hasOwnProperty', 'w'],
        ],
        'no-token': [],
      };
      let text = shape === 'token-only' ? formText({}, extras[shape]) : formText(update, extras[shape]);
      if (shape === 'garbage') text = `${formText({}, extras[shape])}&${garbage}`;
      if (shape === 'bad-percent') text = `${text}&summary=%E0%A4%A&status=%ZZ&period=%`;
      const allowed = shape === 'valid' ? [201, 303] : shape === 'no-token' || shape === 'repeated-token' ? [401] : [201, 303, 422];
      return { category: 'form-body', priorityId, headers: { 'content-type': formType, ...(accept ? { accept } : {}) }, body: buffer(text), base64, allowed };
    });

  // Bad base64 behind isBase64Encoded: characters outside the alphabet, bad lengths, padding in the middle; and good base64 of bytes that are not UTF-8.
  const badBase64 = fc
    .tuple(
      priority,
      fc.oneof(
        fc
          .string({ unit: fc.constantFrom('!', '-', '_', '*', ' ', '\n', '.', 'é', '\u0000'), minLength: 1, maxLength: 8 })
          .chain((bad) =>
            fc.base64String({ maxLength: 200 }).map((good) => good.slice(0, Math.floor(good.length / 2)) + bad + good.slice(Math.floor(good.length / 2))),
          ),
        // A length that no base64 encoder produces (4n + 1).
        fc.base64String({ minLength: 4, maxLength: 200 }).map((good) => {
          const stripped = good.replace(/=+$/, '');
          return stripped + 'A'.repeat((1 - (stripped.length % 4) + 4) % 4);
        }),
        fc.constantFrom('=', '==', '===', 'A===', 'AB=C', '=AAA', 'QQ=QQ', 'e30=\n', ' e30=', 'e30', 'e30==='),
      ),
      fc.constantFrom(json, formType),
    )
    .map(
      ([priorityId, raw, type]): AbuseCase => ({
        category: 'bad-base64',
        priorityId,
        headers: withAuth(priorityId, { 'content-type': type }),
        body: undefined,
        base64: { raw },
        // Some strings in the generator are valid base64 by accident (e30 is "{}"): then the decoded body is judged.
        allowed: [400, 401, 422],
      }),
    );
  const nonUtf8 = fc.tuple(priority, fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.constantFrom(json, formType)).map(
    ([priorityId, bytes, type]): AbuseCase => ({
      category: 'bad-base64',
      priorityId,
      headers: withAuth(priorityId, { 'content-type': type }),
      body: Buffer.from(bytes),
      base64: true,
      allowed: [400, 401, 422],
    }),
  );

  // Header games: content types, Authorization forms, Accept, idempotency keys.
  const headerGames = fc
    .tuple(
      priority,
      validUpdate,
      fc.constantFrom(
        undefined,
        '',
        json,
        'Application/JSON; charset=UTF-8',
        'application/json;charset=utf-16',
        'application/json, application/json',
        'application/json,text/plain',
        'text/plain',
        'text/json',
        'application/vnd.api+json',
        'application/problem+json',
        'multipart/form-data; boundary=----x',
        formType,
        `${formType}; charset=ISO-8859-1`,
        'application/octet-stream',
        ' application/json ',
        'application/json\u0000',
        'application/json\r\nx-injected: 1',
        '*/*',
        'application/*',
        'application/jsonp',
        'APPLICATION/X-WWW-FORM-URLENCODED',
        ';',
        'application/json;;;',
      ),
      fc.constantFrom(
        'ok',
        'lower',
        'spaces',
        'joined',
        'extra',
        'bare',
        'empty-bearer',
        'basic',
        'token-scheme',
        'no-scheme',
        'empty',
        'crlf',
        'nul',
        'huge',
        'missing',
        'other-priority',
        'two-spaces',
        'session-unknown',
        'session-garbage',
      ),
      fc.constantFrom(undefined, 'text/html', json, 'text/html, application/json', '*/*', 'application/json, text/html', 'TEXT/HTML'),
      fc.oneof(fc.constant(undefined), uniqueKey, fc.constantFrom('', ' ', 'x'.repeat(4000), '\u0000', '👩‍👩‍👧‍👦', 'key\r\nx: y')),
      fc.boolean(),
    )
    .map(([priorityId, update, type, auth, accept, key, asForm]): AbuseCase => {
      const token = context.tokens[priorityId]!;
      const other = context.tokens[context.priorityIds.find((id) => id !== priorityId)!]!;
      const authorization: Record<typeof auth, string | undefined> = {
        ok: `Bearer ${token}`,
        lower: `bearer ${token}`,
        spaces: `BEARER   ${token}  `,
        joined: `Bearer ${token},Bearer ${other}`,
        extra: `Bearer ${token} extra`,
        bare: 'Bearer',
        'empty-bearer': 'Bearer ',
        basic: `Basic ${Buffer.from(`user:${token}`).toString('base64')}`,
        'token-scheme': `Token ${token}`,
        'no-scheme': token,
        empty: '',
        crlf: `Bearer ${token}\r\nX-Injected: 1`,
        nul: `Bearer ${token}\u0000`,
        huge: `Bearer ${'a'.repeat(8000)}`,
        missing: undefined,
        'other-priority': `Bearer ${other}`,
        'two-spaces': `Bearer  ${token}`,
        'session-unknown': undefined,
        'session-garbage': undefined,
      };
      const headers: Record<string, string> = {};
      if (type !== undefined) headers['content-type'] = type;
      const value = authorization[auth];
      if (value !== undefined) headers.authorization = value;
      if (accept) headers.accept = accept;
      if (key !== undefined) headers['idempotency-key'] = key;
      // A browser session cookie that was never issued (well-formed or not), with a made-up CSRF token.
      if (auth === 'session-unknown') headers.cookie = `theme=dark; ${sessionCookie}=${'A'.repeat(21)}${token.slice(-22)}`;
      if (auth === 'session-garbage') headers.cookie = `${sessionCookie}=${token}; ${sessionCookie}=../../etc; =;;`;
      const body = asForm ? formText(update, auth.startsWith('session') ? [['csrfToken', token.slice(-43)]] : []) : JSON.stringify(update);
      return { category: 'header-games', priorityId, headers, body: buffer(body), base64: asForm };
    });

  // Oversized: just over the 32 KB limit and far over it, as JSON, form and base64.
  const oversized = fc
    .tuple(
      priority,
      validUpdate,
      fc.oneof(fc.integer({ min: 32 * 1024 + 1, max: 40_000 }), fc.integer({ min: 40_000, max: 1_100_000 })),
      fc.constantFrom('json', 'form', 'json-base64'),
    )
    .map(([priorityId, update, size, shape]): AbuseCase => {
      const padding = 'x'.repeat(size);
      const text = shape === 'form' ? formText({ ...update, summary: padding }) : JSON.stringify({ ...update, summary: padding });
      return {
        category: 'oversized',
        priorityId,
        headers: withAuth(priorityId, { 'content-type': shape === 'form' ? formType : json }),
        body: buffer(text),
        base64: shape !== 'json',
        allowed: [413],
      };
    });

  // Unknown fields, including ones that try to set what the server sets, prototype names and near-miss spellings.
  const unknownFields = fc
    .tuple(
      priority,
      validUpdate,
      fc.oneof(
        fc.constantFrom(
          'author',
          'id',
          'priorityId',
          'submittedAt',
          '__proto__',
          'constructor',
          'prototype',
          'toString',
          'Status',
          'status ',
          'summary\u0000',
          'entity',
          'pk',
          'sk',
          'version',
          '',
        ),
        fc.string({ unit: oddUnit, minLength: 1, maxLength: 20 }).filter((name) => !(fieldNames as readonly string[]).includes(name)),
      ),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([priorityId, update, name, value]): AbuseCase => {
      const text = JSON.stringify(update);
      const body = `${text.slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}}`;
      return {
        category: 'unknown-fields',
        priorityId,
        headers: withAuth(priorityId, { 'content-type': json }),
        body: buffer(body),
        base64: false,
        allowed: [422],
      };
    });

  const valid = fc.tuple(priority, validUpdate, fc.boolean(), fc.option(uniqueKey, { nil: undefined })).map(([priorityId, update, asForm, key]): AbuseCase => {
    const body = asForm ? formText(update, [['token', context.tokens[priorityId]!]]) : JSON.stringify(update);
    const headers: Record<string, string> = asForm ? { 'content-type': formType } : withAuth(priorityId, { 'content-type': json });
    if (key) headers['idempotency-key'] = key;
    return { category: 'valid', priorityId, headers, body: buffer(body), base64: asForm, allowed: [201] };
  });

  // Odd priority ids in the path, with a valid token for a real priority.
  const oddPriority = fc
    .tuple(
      priority,
      validUpdate,
      fc.oneof(
        fc.constantFrom(
          'unknown-priority',
          'JOBS-AND-TRAINING',
          'jobs-and-training ',
          ' jobs-and-training',
          '../jobs-and-training',
          'jobs-and-training#x',
          '%',
          '\u0000',
          '👩‍👩‍👧‍👦',
          'PRIORITY#jobs-and-training',
          "' OR '1'='1",
        ),
        fc.integer({ min: 300, max: 3000 }).map((length) => 'p'.repeat(length)),
        fc.integer({ min: 100, max: 600 }).map((length) => '👩‍👩‍👧‍👦'.repeat(Math.ceil(length / 11)).slice(0, length)),
        oddText(40).filter((id) => id.length > 0 && !id.includes('/')),
      ),
      fc.boolean(),
    )
    .map(([tokenPriority, update, pathId, otherReal]): AbuseCase => {
      const priorityId = otherReal ? context.priorityIds.find((id) => id !== tokenPriority)! : pathId;
      return {
        category: 'odd-priority',
        priorityId,
        headers: withAuth(tokenPriority, { 'content-type': json }),
        body: buffer(JSON.stringify(update)),
        base64: false,
        allowed: [403, 404],
      };
    });

  return fc.oneof(
    { weight: 10, arbitrary: malformedJson },
    { weight: 12, arbitrary: wrongTypes },
    { weight: 12, arbitrary: oddUnicode },
    { weight: 8, arbitrary: illFormedText },
    { weight: 6, arbitrary: duplicateKeys },
    { weight: 12, arbitrary: formBody },
    { weight: 6, arbitrary: badBase64 },
    { weight: 3, arbitrary: nonUtf8 },
    { weight: 12, arbitrary: headerGames },
    { weight: 5, arbitrary: oversized },
    { weight: 8, arbitrary: unknownFields },
    { weight: 8, arbitrary: valid },
    { weight: 6, arbitrary: oddPriority },
  );
}
