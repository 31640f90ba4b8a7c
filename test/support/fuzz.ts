import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import {
  confirmBody,
  cryptoCheckoutExample,
  type Endpoint,
  makeEndpoint,
  openStore,
  origin,
  type Reply,
  type StoreKind,
  secretKey,
  validSession,
} from './endpoint.js';

/**
 * A property-based fuzzer driven by the endpoint's own OpenAPI document
 * (`GET /openapi.json`). Every operation gets requests built from its
 * parameters, request body schema and security scheme: valid-ish ones, then
 * hostile ones (type confusion, missing and unknown fields, NUL bytes and
 * lone surrogates, malformed JSON, wrong content types and credentials, odd
 * ids). Every answer must come in time, below 500, with a status the
 * operation documents and a body that matches the documented schema.
 */

type JsonSchema = Record<string, any>;

export type EndpointOptions = Parameters<typeof makeEndpoint>[1];

export interface FuzzOptions {
  /** At least this many requests: whole rounds of one request per operation. */
  runs?: number;
  seed?: number;
  store?: StoreKind;
  /** Passed to the endpoint, e.g. to turn rate limits off. */
  endpointOptions?: EndpointOptions;
  /** An answer that takes longer is a hang. */
  timeoutMs?: number;
  /** New sessions and codes every this many rounds, as the fuzzing uses them up. */
  renewEvery?: number;
  onProgress?: (requests: number, total: number) => void;
}

export interface RequestSummary {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface FuzzFailure {
  operation: string;
  request: RequestSummary;
  /** Null when no answer came. */
  status: number | null;
  reason: string;
  /** The answer's body, or what the endpoint logged, shortened. */
  detail: string;
}

export interface FailureGroup {
  operation: string;
  reason: string;
  count: number;
  example: FuzzFailure;
}

export interface OperationCounts {
  requests: number;
  statuses: Record<string, number>;
}

export interface FuzzReport {
  seed: number;
  store: StoreKind;
  requests: number;
  failures: number;
  groups: FailureGroup[];
  byOperation: Record<string, OperationCounts>;
  /** Operations of the document no request got past authentication on. */
  unexercised: string[];
  text: string;
}

const truncateAt = 300;

// ---------------------------------------------------------------------------
// The document

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

interface Operation {
  /** `METHOD /path/{template}`, as reports name it. */
  key: string;
  method: string;
  path: string;
  /** JSON pointer of the operation in the document, for its response schemas. */
  pointer: string[];
  parameters: Parameter[];
  body: { schema: JsonSchema; required: boolean } | null;
  /** Names of the security schemes, any one of which authenticates. */
  security: string[];
  responses: Record<string, JsonSchema>;
}

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

function operationsOf(document: JsonSchema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<JsonSchema>(document.paths ?? {})) {
    for (const method of methods) {
      const spec = item[method];
      if (!spec) continue;
      const parameters = [...(item.parameters ?? []), ...(spec.parameters ?? [])].map(
        (p: JsonSchema): Parameter => {
          const parameter = p.$ref ? resolve(document, p.$ref) : p;
          return {
            name: parameter.name,
            in: parameter.in,
            required: parameter.required === true,
            schema: parameter.schema ?? {},
          };
        },
      );
      const requestBody = spec.requestBody?.$ref
        ? resolve(document, spec.requestBody.$ref)
        : spec.requestBody;
      const jsonBody = requestBody?.content?.['application/json'];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pointer: ['paths', path, method],
        parameters,
        body: jsonBody ? { schema: jsonBody.schema ?? {}, required: !!requestBody.required } : null,
        security: (spec.security ?? document.security ?? []).flatMap((s: JsonSchema) =>
          Object.keys(s),
        ),
        responses: spec.responses ?? {},
      });
    }
  }
  return operations;
}

const unescapePointer = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

function resolve(document: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`fuzz: only local $refs are supported, got ${ref}`);
  let node: any = document;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[unescapePointer(part)];
  }
  if (node === undefined) throw new Error(`fuzz: $ref ${ref} names nothing in the document`);
  return node;
}

// ---------------------------------------------------------------------------
// Fixtures: real objects made through the merchant API, renewed as the run goes

/**
 * A real value from the fixtures, looked up when the request is sent (the
 * fixtures are renewed while the run goes on), then shaped by `format`.
 */
class Real {
  constructor(
    readonly pool: string,
    readonly pick: number,
    readonly format: (value: string) => string = (value) => value,
  ) {}
}

/** JSON text sent as is: numbers JSON.stringify cannot write (1e999, -0), deep nesting, huge arrays. */
class Raw {
  constructor(readonly text: string) {}
}

/** Where each kind of real value is kept; ids also under `id:<the POST path that made them>`. */
const pools = {
  clientSecret: 'clientSecret',
  product: 'product',
  price: 'price',
  plan: 'plan',
  promotionCode: 'promotionCode',
  payment: 'payment',
  /** Client secrets of the sessions whose payments are in `payment`, at the same places. */
  challengedClientSecret: 'challengedClientSecret',
  anyId: 'id:any',
} as const;

const idPool = (createdBy: string) => `id:${createdBy}`;

/** The newest few of each pool are picked from: fresh ones and ones the fuzzing already used. */
const poolWindow = 12;

class Fixtures {
  private readonly values = new Map<string, string[]>();
  private created = 0;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly paths: Set<string>,
    private readonly timeoutMs: number,
    private readonly onSetupFailure: (failure: FuzzFailure) => void,
  ) {}

  add(pool: string, value: unknown): void {
    if (typeof value !== 'string' || value === '') return;
    const list = this.values.get(pool) ?? [];
    list.push(value);
    this.values.set(pool, list);
  }

  has(pool: string): boolean {
    return (this.values.get(pool)?.length ?? 0) > 0;
  }

  pick(real: Real): string {
    const list = this.values.get(real.pool) ?? this.values.get(pools.anyId) ?? [];
    const recent = list.slice(-poolWindow);
    return real.format(recent.length > 0 ? recent[real.pick % recent.length]! : 'no_fixture');
  }

  /** A fixture's request; refused or unanswered, it is a failure of the operation. */
  private async setupCall(
    path: string,
    body: unknown,
    call: () => Promise<Reply>,
  ): Promise<Reply | null> {
    const failure = (status: number | null, reason: string, detail: string) =>
      this.onSetupFailure({
        operation: `POST ${path}`,
        request: {
          method: 'POST',
          path,
          headers: {},
          body: shorten(JSON.stringify(body), truncateAt),
        },
        status,
        reason: `setup: ${reason}`,
        detail,
      });
    try {
      const reply = await within(call(), this.timeoutMs);
      if (reply.status < 300) return reply;
      failure(
        reply.status,
        `a fixture's valid request answered ${reply.status}`,
        shorten(JSON.stringify(reply.body), truncateAt),
      );
    } catch (thrown) {
      if (!(thrown instanceof Timeout)) throw thrown;
      failure(null, `no answer within ${this.timeoutMs} ms`, '');
    }
    return null;
  }

  /** Creates through the merchant API, as a merchant would. */
  private async create(
    path: string,
    body: Record<string, unknown>,
    auth: 'basic' | 'bearer' | 'idAndKey',
  ): Promise<Record<string, any> | null> {
    if (!this.paths.has(path)) return null;
    const reply = await this.setupCall(path, body, () =>
      auth === 'basic'
        ? this.endpoint.merchant('POST', path, body)
        : this.endpoint.bearer('POST', path, body, {
            'Idempotency-Key': crypto.randomUUID(),
            ...(auth === 'idAndKey'
              ? { Authorization: `Basic ${base64(`acct_fuzz:${secretKey}`)}` }
              : {}),
          }),
    );
    if (!reply) return null;
    this.add(idPool(path), reply.body.id);
    this.add(pools.anyId, reply.body.id);
    this.add(pools.clientSecret, reply.body.client_secret);
    return reply.body;
  }

  /** The catalog and the first sessions. */
  async setUp(): Promise<void> {
    const product = await this.create(
      '/v1/products',
      { name: 'Fuzz mug', default_price_data: { currency: 'usd', unit_amount: 1200 } },
      'basic',
    );
    this.add(pools.product, product?.id);
    this.add(pools.price, product?.default_price);
    const price = await this.create(
      '/v1/prices',
      { product: product?.id ?? 'prod_missing', currency: 'usd', unit_amount: 450 },
      'basic',
    );
    this.add(pools.price, price?.id);
    const plan = await this.create(
      '/v1/subscription_plans',
      { name: 'Fuzz beans', currency: 'usd', amount: 900, interval: 'month' },
      'basic',
    );
    this.add(pools.plan, plan?.id);
    await this.renew();
  }

  /** Fresh sessions from every merchant API, a promotion code and a payment awaiting its challenge. */
  async renew(): Promise<void> {
    const n = ++this.created;
    await this.create(
      '/v1/checkout_sessions',
      validSession({ allow_promotion_codes: true }),
      'basic',
    );
    await this.create(
      '/v1/checkout',
      { customer_id: `cust_fuzz_${n}`, amount_cents: 1999 },
      'bearer',
    );
    await this.create(
      '/api/v3/checkout/sessions',
      { line_items: [{ price: this.latest(pools.price) }] },
      'bearer',
    );
    await this.create('/api/v2/checkout-sessions', v2Session, 'idAndKey');
    await this.create('/api/v1/checkout', cryptoSession, 'bearer');
    const code = await this.create(
      '/v1/promotion_codes',
      { code: `FUZZ${n}`, percent_off: 10 },
      'basic',
    );
    this.add(pools.promotionCode, code?.code);
    // A payment that waits for its 3-D Secure challenge, for the challenge operation.
    const challenged = await this.create('/v1/checkout_sessions', validSession(), 'basic');
    const confirm = '/v1/client/session/confirm';
    if (challenged && this.paths.has(confirm)) {
      const card = { number: '4000002500003155' };
      const reply = await this.setupCall(confirm, confirmBody(card), () =>
        this.endpoint.confirm(challenged.client_secret, card),
      );
      const payment = reply?.body?.session?.payment?.id;
      if (typeof payment === 'string') {
        this.add(pools.payment, payment);
        this.add(pools.challengedClientSecret, challenged.client_secret);
      }
    }
  }

  private latest(pool: string): string {
    return this.values.get(pool)?.at(-1) ?? 'price_missing';
  }
}

const v2Session = {
  line_items: [
    { price_data: { currency: 'usd', amount: 1500, product_data: { name: 'Tea' } }, quantity: 2 },
  ],
  success_url: 'https://example.com/success',
  mode: 'payment',
};

const cryptoSession = cryptoCheckoutExample;

/**
 * Known-good bodies per operation, so valid-ish requests also get past the
 * rules a schema cannot say (a real price id, a card that succeeds) and
 * mutations start from something the endpoint accepts. Operations the
 * document lacks are ignored; operations missing here use their schema only.
 */
const corpus: Record<string, ((pick: number) => unknown)[]> = {
  'POST /v1/checkout_sessions': [
    () => validSession(),
    () => validSession({ mode: 'setup', line_items: undefined, currency: 'usd' }),
    (pick) => validSession({ line_items: [{ price: new Real(pools.price, pick), quantity: 1 }] }),
  ],
  'POST /v1/checkout': [
    () => ({ customer_id: 'cust_fuzz', amount_cents: 1999 }),
    (pick) => ({
      customer_id: 'cust_fuzz',
      amount_cents: 5000,
      promo_code: new Real(pools.promotionCode, pick),
    }),
    (pick) => ({ customer_id: 'cust_fuzz', subscription_plan_id: new Real(pools.plan, pick) }),
  ],
  'POST /api/v3/checkout/sessions': [
    (pick) => ({ line_items: [{ price: new Real(pools.price, pick), quantity: 2 }] }),
    (pick) => ({ productId: new Real(pools.product, pick), quantity: 1 }),
  ],
  'POST /api/v2/checkout-sessions': [() => v2Session],
  'POST /api/v1/checkout': [() => cryptoSession],
  'POST /v1/products': [
    () => ({ name: 'Fuzz tee', default_price_data: { currency: 'usd', unit_amount: 2500 } }),
  ],
  'POST /v1/prices': [
    (pick) => ({ product: new Real(pools.product, pick), currency: 'usd', unit_amount: 700 }),
  ],
  'POST /v1/subscription_plans': [
    () => ({ name: 'Fuzz plan', currency: 'usd', amount: 900, interval: 'month' }),
  ],
  'POST /v1/promotion_codes': [
    (pick) => ({ code: `FUZZ_NEW_${pick}`, percent_off: 15 }),
    (pick) => ({ code: `FUZZ_AMOUNT_${pick}`, amount_off: 300, currency: 'usd' }),
  ],
  'POST /v1/promotion_codes/{id}': [() => ({ active: false }), () => ({ active: true })],
  'POST /v1/client/session/update': [
    () => ({ email: 'ada@example.com' }),
    () => ({ billing_address: { country: 'US', postal_code: '94107' } }),
    () => ({
      shipping_details: {
        name: 'Ada Lovelace',
        address: { country: 'GB', postal_code: 'SW1A 1AA' },
      },
    }),
  ],
  'POST /v1/client/session/promotion_code': [
    (pick) => ({ code: new Real(pools.promotionCode, pick) }),
  ],
  'POST /v1/client/session/confirm': [
    () => confirmBody(),
    () => confirmBody({ number: '4000002500003155' }),
    () => confirmBody({ number: '4000000000000002' }),
  ],
  'POST /v1/client/session/challenge': [
    (pick) => ({ payment: new Real(pools.payment, pick), outcome: 'approve' }),
    (pick) => ({ payment: new Real(pools.payment, pick), outcome: 'fail' }),
  ],
  'POST /v1/client/session/crypto/quote': [() => ({ asset: 'ETH' }), () => ({ asset: 'USDC' })],
  'POST /v1/client/session/crypto/simulate': [() => ({})],
};

/** Values that pass rules beyond the schema, by field name. */
const likelyValues: Record<string, string[]> = {
  currency: ['usd', 'eur', 'gbp', 'USD'],
  country: ['US', 'GB', 'DE', 'CA'],
  email: ['ada@example.com'],
  customer_email: ['ada@example.com'],
  postal_code: ['94107', 'SW1A 1AA', '10115'],
  number: ['4242424242424242', '4000002500003155', '4000000000000002'],
  cvc: ['123'],
};

/** Real values a field named like this takes. */
function poolForField(field: string): string | null {
  if (/promo|^code$/i.test(field)) return pools.promotionCode;
  if (/price/i.test(field)) return pools.price;
  if (/plan/i.test(field)) return pools.plan;
  if (/product/i.test(field)) return pools.product;
  if (/^payment$/i.test(field)) return pools.payment;
  return null;
}

// ---------------------------------------------------------------------------
// Hostile material

/** Strings that have broken endpoints: NUL, lone surrogates, SQL and template syntax, odd Unicode. */
const hostileTexts = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'cs_test_\u0000',
  '\u0000'.repeat(16),
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\ud83d',
  '\u202eevil',
  '\u200b',
  'e\u0301',
  '\ufeff',
  '\uffff',
  '😀',
  '𝕏'.repeat(40),
  'İß',
  "'",
  '"',
  '\\',
  "' OR '1'='1",
  "'; DROP TABLE sessions; --",
  '%',
  '%_%',
  '$1',
  // Split so that it is not read as a template literal.
  '$' + '{process.exit()}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  'javascript:alert(1)',
  '\r\nX-Injected: 1',
  '\t',
  'null',
  'undefined',
  'true',
  'NaN',
  '-1',
  '1e999',
  '__proto__',
  'constructor',
];

/** One UTF-16 code unit of any value: controls, NUL and lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/** A long string made of a repeated piece, cheap to generate at any size. */
function repeated(pieces: string[], min: number, max: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...pieces), fc.integer({ min, max }))
    .map(([piece, count]) => piece.repeat(count));
}

const hugeText = fc.oneof(
  {
    arbitrary: repeated(['A', 'é', '\u0000', '😀', '\ud800', 'ab\u0000'], 1_000, 20_000),
    weight: 4,
  },
  { arbitrary: repeated(['x', '\u0000'], 100_000, 300_000), weight: 1 },
);

function hostileString(pool: string | null = null): fc.Arbitrary<unknown> {
  const options: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: fc.constantFrom(...hostileTexts), weight: 6 },
    { arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
    { arbitrary: hugeText, weight: 1 },
  ];
  if (pool) {
    // A real value, spoiled: the endpoint must not take it for the real one.
    const spoil = fc.constantFrom<(value: string) => string>(
      (value) => `${value}\u0000`,
      (value) => `${value}\ud800`,
      (value) => value.toUpperCase(),
      (value) => ` ${value} `,
      (value) => value.slice(0, -1),
      (value) => `${value}${'z'.repeat(5_000)}`,
    );
    options.push({
      arbitrary: fc.tuple(fc.nat(), spoil).map(([pick, format]) => new Real(pool, pick, format)),
      weight: 3,
    });
  }
  return fc.oneof(...options);
}

/** Deeply nested arrays or objects, as JSON text. */
const deepNesting = fc
  .tuple(fc.constantFrom(64, 1_000, 10_000, 100_000), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`)
      : new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  );

/** Many items or keys, as JSON text. */
const bigCollection = fc
  .tuple(fc.constantFrom(1_000, 100_000), fc.boolean())
  .map(([count, arrays]) =>
    arrays
      ? new Raw(`[${Array(count).fill('0').join(',')}]`)
      : new Raw(`{${Array.from({ length: count }, (_, i) => `"k${i}":${i}`).join(',')}}`),
  );

/** A value of some type, meant where another is expected. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    '',
    '1',
    'true',
    [],
    [null],
    {},
    {
      '': '',
    },
  ),
  fc.constantFrom(
    new Raw('-0'),
    new Raw('1e999'),
    new Raw('-1e999'),
    new Raw('1E-400'),
    new Raw('9007199254740993'),
    new Raw('123456789012345678901234567890'),
  ),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Names an unknown field might have. */
const oddKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'extra',
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a'.repeat(1_000),
    'id',
    'livemode',
    'amount_total',
    'status',
  ),
  fc.string({ unit: anyCodeUnit, maxLength: 12 }),
);

/** Header values with no byte a Request would refuse (NUL, CR, LF, or above U+00FF). */
const headerChar = fc
  .oneof(fc.integer({ min: 0x20, max: 0xff }), fc.constant(0x09))
  .map((code) => String.fromCharCode(code));

const hostileHeaderValue = fc.oneof(
  fc.constantFrom(
    '',
    'null',
    'undefined',
    '0',
    '-1',
    '"quoted"',
    'a, b',
    'é',
    'Ã©',
    '\x7f',
    '\x01',
    '%00',
    '\\u0000',
    '../../etc/passwd',
    "' OR 1=1 --",
  ),
  fc.string({ unit: headerChar, maxLength: 60 }),
  repeated(['a', 'é', ' ;'], 1_000, 20_000),
);

// ---------------------------------------------------------------------------
// URL encoding, lone surrogates included

const unreserved = /^[A-Za-z0-9\-_.~]$/;

/** UTF-8 bytes of a code point; a lone surrogate gets its WTF-8 bytes, which no UTF-8 decoder accepts. */
function utf8Bytes(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) {
    return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  }
  return [
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 0x3f),
    0x80 | ((codePoint >> 6) & 0x3f),
    0x80 | (codePoint & 0x3f),
  ];
}

function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    if (unreserved.test(char)) {
      out += char;
      continue;
    }
    for (const byte of utf8Bytes(char.codePointAt(0)!)) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** Segments a URL parser resolves away (`.`, `..`, `%2e` …), which would reach another route. */
function isDotSegment(segment: string): boolean {
  return /^(\.|%2e){1,2}$/i.test(segment);
}

/** Path segments, already encoded: broken escapes, encoded separators, NUL, invalid UTF-8. */
const oddSegments = [
  '%00',
  'cs_test_%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C3%28',
  '%ED%A0%80',
  '%FF',
  '%2F',
  '..%2F..%2Fetc',
  '%252e',
  '%5C',
  ';',
  ';x=1',
  ':',
  '@',
  "'",
  '*',
  '+',
  '%20',
  '%0A',
  '%0D%0A',
  '',
  '...',
];

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

// ---------------------------------------------------------------------------
// Request plans: what fast-check generates; real values are filled in when sent

type Piece = string | Real;

type PlannedBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  /** A good body broken as text, once its real values are filled in. */
  | { kind: 'broken'; value: unknown; at: number; how: Breakage }
  | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> };

type Breakage = 'cut' | 'nul' | 'twice' | 'pad' | 'quotes';

function breakJson(json: string, at: number, how: Breakage): string {
  const cut = at % (json.length + 1);
  const inner = json.slice(1, -1);
  switch (how) {
    case 'cut':
      return json.slice(0, cut);
    case 'nul':
      return `${json.slice(0, cut)}\u0000${json.slice(cut)}`;
    case 'twice':
      // Every key twice: which one wins is the parser's choice.
      return json.startsWith('{') && inner ? `{${inner},${inner}}` : `${json}${json}`;
    case 'pad':
      return `${' '.repeat(100_000)}${json}${'\n'.repeat(1_000)}`;
    case 'quotes':
      return json.replace(/"/g, "'");
  }
}

interface Plan {
  operation: Operation;
  /** The path, in pieces: literal (encoded) text and path parameters. */
  path: Piece[];
  query: [string, Piece | null][];
  headers: [string, Piece][];
  body: PlannedBody;
}

class PlanBuilder {
  private readonly valueCache = new Map<JsonSchema, fc.Arbitrary<unknown>>();

  constructor(
    private readonly document: JsonSchema,
    private readonly fixtures: Fixtures,
    private readonly creators: string[],
  ) {}

  /**
   * `pick` is shared by the body's real values and the client secret, so a
   * challenge can name the payment of the session it authenticates as.
   */
  plan(operation: Operation): fc.Arbitrary<Plan> {
    return fc.nat().chain((pick) =>
      this.body(operation, pick).chain((body) =>
        fc.record({
          operation: fc.constant(operation),
          path: this.path(operation),
          query: this.query(operation),
          headers: this.headers(operation, body.kind !== 'none', pick),
          body: fc.constant(body),
        }),
      ),
    );
  }

  // --- paths

  private path(operation: Operation): fc.Arbitrary<Piece[]> {
    const parts = operation.path.split(/(\{[^}]+\})/).filter(Boolean);
    return fc.tuple(
      ...parts.map((part): fc.Arbitrary<Piece> => {
        const name = /^\{(.+)\}$/.exec(part)?.[1];
        if (!name) return fc.constant(part);
        const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
        return this.pathValue(operation, parameter);
      }),
    );
  }

  /** The POST that makes what this path names: the longest one the path starts with. */
  private creatorOf(operation: Operation): string | null {
    const made = this.creators
      .filter((path) => operation.path.startsWith(`${path}/`))
      .sort((a, b) => b.length - a.length);
    return made[0] ?? null;
  }

  private pathValue(operation: Operation, parameter?: Parameter): fc.Arbitrary<Piece> {
    const creator = this.creatorOf(operation);
    const pool = creator && this.fixtures.has(idPool(creator)) ? idPool(creator) : pools.anyId;
    const example = typeof parameter?.schema.example === 'string' ? parameter.schema.example : 'x';
    return fc
      .oneof(
        { arbitrary: fc.nat().map((pick) => new Real(pool, pick, percentEncode)), weight: 6 },
        // Another API's real id: each API reads back only its own sessions.
        {
          arbitrary: fc.nat().map((pick) => new Real(pools.anyId, pick, percentEncode)),
          weight: 1,
        },
        { arbitrary: fc.constantFrom(...oddSegments), weight: 3 },
        { arbitrary: hostileString(pool).map(encodeValue), weight: 3 },
        {
          arbitrary: fc
            .tuple(fc.constant(example), fc.string({ unit: 'grapheme-ascii', maxLength: 24 }))
            .map(([prefix, tail]) => percentEncode(`${prefix}${tail}`)),
          weight: 1,
        },
      )
      .filter((piece) => typeof piece !== 'string' || !isDotSegment(piece));
  }

  // --- query strings

  private query(operation: Operation): fc.Arbitrary<[string, Piece | null][]> {
    const declared = operation.parameters.filter((p) => p.in === 'query');
    const entries = declared.map((parameter) =>
      fc.oneof(
        {
          arbitrary: this.scalar(parameter.schema, parameter.name).map((value) => [
            [percentEncode(parameter.name), encodeValue(value)],
          ]),
          weight: 5,
        },
        { arbitrary: fc.constant([]), weight: parameter.required ? 1 : 3 },
        {
          arbitrary: hostileString(poolForField(parameter.name)).map((value) => [
            [percentEncode(parameter.name), encodeValue(value)],
          ]),
          weight: 3,
        },
        {
          arbitrary: fc
            .constantFrom(
              '',
              'abc',
              '1.5',
              '-1',
              '0',
              '101',
              '1e2',
              '0x10',
              '+5',
              ' 5',
              '99999999999999999999',
              '%00',
              '%',
              '%zz',
              '%ED%A0%80',
              'a%00b',
            )
            .map((raw) => [[percentEncode(parameter.name), raw]]),
          weight: 2,
        },
        // Repeated, bare, or with an odd name.
        {
          arbitrary: fc.constantFrom<[string, Piece | null][]>(
            [
              [parameter.name, '1'],
              [parameter.name, '2'],
            ],
            [[parameter.name, null]],
            [[`${parameter.name}[]`, '1']],
            [[`${parameter.name}%00`, '1']],
          ),
          weight: 1,
        },
      ),
    );
    const extra = fc.oneof(
      { arbitrary: fc.constant([]), weight: 6 },
      {
        arbitrary: fc
          .tuple(oddKey, hostileString())
          .map(([key, value]): [string, Piece | null][] => [
            [percentEncode(key) || 'x', encodeValue(value)],
          ]),
        weight: 1,
      },
    );
    return fc.tuple(...entries, extra).map((lists) => lists.flat() as [string, Piece | null][]);
  }

  /** A parameter value from its schema, as text. */
  private scalar(schema: JsonSchema, field: string): fc.Arbitrary<unknown> {
    return this.value(schema, field, 0).map((value) =>
      typeof value === 'object' && value !== null && !(value instanceof Real)
        ? JSON.stringify(value)
        : value,
    );
  }

  // --- headers

  private headers(
    operation: Operation,
    hasBody: boolean,
    pick: number,
  ): fc.Arbitrary<[string, Piece][]> {
    const declared = operation.parameters.filter(
      (p) => p.in === 'header' && !/^(authorization|content-type)$/i.test(p.name),
    );
    const parameterHeaders = declared.map((parameter) => {
      const header = (value: Piece): [string, Piece][] => [[parameter.name, value]];
      const idempotencyKey = /idempotency/i.test(parameter.name);
      return fc.oneof(
        {
          arbitrary: (idempotencyKey
            ? fc.uuid()
            : this.headerSafeValue(parameter.schema, parameter.name)
          ).map(header),
          weight: 8,
        },
        { arbitrary: fc.constant([]), weight: parameter.required ? 1 : 4 },
        { arbitrary: hostileHeaderValue.map(header), weight: 2 },
        // A key other requests use too, with other bodies and on other operations.
        ...(idempotencyKey
          ? [{ arbitrary: fc.constantFrom(...replayedKeys).map(header), weight: 1 }]
          : []),
      );
    });
    return fc
      .tuple(
        this.authorization(operation, pick),
        this.contentType(hasBody),
        fc.oneof(
          { arbitrary: fc.constant([]), weight: 8 },
          { arbitrary: extraHeader.map((header) => [header]), weight: 2 },
        ),
        ...parameterHeaders,
      )
      .map((lists) => (lists as [string, Piece][][]).flat());
  }

  private headerSafeValue(schema: JsonSchema, field: string): fc.Arbitrary<Piece> {
    return this.value(schema, field, 0).map((value) => {
      if (value instanceof Real) return value;
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return [...text].filter((char) => /^[\t\x20-\xff]$/.test(char)).join('');
    });
  }

  private authorization(operation: Operation, pick: number): fc.Arbitrary<[string, Piece][]> {
    const schemes: JsonSchema = this.document.components?.securitySchemes ?? {};
    const right = operation.security.map((name) => rightAuthorization(name, schemes[name], pick));
    const wrong = fc.oneof(
      fc.constantFrom(
        '',
        'Basic',
        'Basic ',
        'Bearer',
        'Bearer ',
        'Basic !!!',
        'Basic ====',
        `Basic ${base64(':')}`,
        'Digest username="sk"',
        'Token abc',
        'Bearer a b',
        `Basic ${base64('wrong_key:')}`,
        `Basic ${base64(`:${secretKey}x`)}`,
        `Basic ${base64(`${secretKey}\u0000:`)}`,
        `Basic ${base64('\ud800:')}`,
        `Basic ${base64(secretKey.toUpperCase())}`,
        `Bearer ${secretKey}x`,
        `Bearer ${secretKey.slice(0, -1)}`,
        `Bearer ${secretKey}, Bearer ${secretKey}`,
        // The merchant key where a client secret goes, and the other scheme.
        `Bearer ${secretKey}`,
        `Basic ${base64(`${secretKey}:`)}`,
      ),
      fc
        .tuple(
          fc.nat(),
          fc.constantFrom<(secret: string) => string>(
            (secret) => `Bearer ${secret}x`,
            (secret) => `Bearer ${secret.slice(0, -1)}`,
            (secret) => `Bearer ${secret.toUpperCase()}`,
            (secret) => `Bearer ${secret} ${secret}`,
            (secret) => `Basic ${base64(`${secret}:`)}`,
            (secret) => `Bearer ${secret.split('_secret_')[0]}`,
          ),
        )
        .map(([any, format]) => new Real(pools.clientSecret, any, format)),
      hostileHeaderValue,
      hostileHeaderValue.map((value) => `Bearer ${value}`),
      hostileHeaderValue.map((value) => `Basic ${value}`),
    );
    return fc.oneof(
      ...(right.length > 0
        ? [{ arbitrary: fc.oneof(...right).map((value) => [['Authorization', value]]), weight: 12 }]
        : []),
      { arbitrary: wrong.map((value) => [['Authorization', value]]), weight: 2 },
      { arbitrary: fc.constant([]), weight: 1 },
    ) as fc.Arbitrary<[string, Piece][]>;
  }

  private contentType(hasBody: boolean): fc.Arbitrary<[string, Piece][]> {
    const type = (value: string): [string, Piece][] => [['Content-Type', value]];
    const right = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON',
    );
    const wrong = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=fuzz',
        'application/xml',
        'application/jsonp',
        'application/json-patch+json',
        'application/vnd.api+json',
        'application/json; charset=utf-16',
        'application/octet-stream',
        '*/*',
        'json',
        ';',
        '',
      ),
      hostileHeaderValue,
    );
    // Mostly right, so most requests get past the check to the route behind it.
    return fc.oneof(
      { arbitrary: right.map(type), weight: hasBody ? 20 : 2 },
      { arbitrary: wrong.map(type), weight: 2 },
      { arbitrary: fc.constant<[string, Piece][]>([]), weight: hasBody ? 1 : 12 },
    );
  }

  // --- bodies

  private body(operation: Operation, pick: number): fc.Arbitrary<PlannedBody> {
    const none = fc.constant<PlannedBody>({ kind: 'none' });
    const canHaveBody = operation.method !== 'GET' && operation.method !== 'HEAD';
    if (!canHaveBody) return none;
    if (!operation.body) {
      // Nothing is expected; something arrives anyway.
      return fc.oneof(
        { arbitrary: none, weight: 6 },
        {
          arbitrary: fc
            .jsonValue({ maxDepth: 2 })
            .map((value): PlannedBody => ({ kind: 'json', value })),
          weight: 1,
        },
        { arbitrary: rawBody(fc.constant({})), weight: 1 },
      );
    }
    const examples = (corpus[operation.key] ?? []).map((make) => fc.constant(make(pick)));
    const required = this.requiredNames(operation.body.schema);
    const validish = fc.oneof(
      { arbitrary: this.value(operation.body.schema, '', 0), weight: 3 },
      ...examples.map((arbitrary) => ({ arbitrary, weight: 2 })),
    );
    return fc.oneof(
      { arbitrary: validish.map((value): PlannedBody => ({ kind: 'json', value })), weight: 7 },
      {
        arbitrary: fc.tuple(validish, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(
          ([value, mutations]): PlannedBody => ({
            kind: 'json',
            value: mutate(value, mutations, required),
          }),
        ),
        weight: 5,
      },
      { arbitrary: rawBody(validish), weight: 2 },
      { arbitrary: none, weight: 1 },
    );
  }

  /** Every field name some schema under this one requires. */
  private requiredNames(schema: JsonSchema): Set<string> {
    const names = new Set<string>();
    const seen = new Set<JsonSchema>();
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null || seen.has(node as JsonSchema)) return;
      seen.add(node as JsonSchema);
      const current = node as JsonSchema;
      if (typeof current.$ref === 'string') walk(resolve(this.document, current.$ref));
      if (Array.isArray(current.required)) for (const name of current.required) names.add(name);
      for (const child of [
        ...Object.values(current.properties ?? {}),
        current.items,
        current.additionalProperties,
        ...(current.anyOf ?? []),
        ...(current.oneOf ?? []),
        ...(current.allOf ?? []),
      ]) {
        walk(child);
      }
    };
    walk(schema);
    return names;
  }

  // --- values from schemas

  /** A valid-ish value for the schema: right types and bounds, often known-good or real values. */
  value(schema: JsonSchema, field: string, depth: number): fc.Arbitrary<unknown> {
    if (depth > 8) return fc.constant(null);
    if (schema.$ref) return this.value(resolve(this.document, schema.$ref), field, depth + 1);
    // Arbitraries of the document's own schemas are shared; field-specific ones are built anew.
    const cached = field === '' ? this.valueCache.get(schema) : undefined;
    if (cached) return cached;
    const arbitrary = this.build(schema, field, depth);
    if (field === '') this.valueCache.set(schema, arbitrary);
    return arbitrary;
  }

  private build(schema: JsonSchema, field: string, depth: number): fc.Arbitrary<unknown> {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      return fc.constantFrom(...schema.enum);
    }
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (Array.isArray(alternatives) && alternatives.length > 0) {
      return fc.oneof(
        ...alternatives.map((alternative: JsonSchema) => this.value(alternative, field, depth + 1)),
      );
    }
    if (Array.isArray(schema.allOf)) {
      const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
      for (const part of schema.allOf) {
        const resolved = part.$ref ? resolve(this.document, part.$ref) : part;
        Object.assign(merged.properties, resolved.properties);
        merged.required.push(...(resolved.required ?? []));
      }
      return this.value(merged, field, depth + 1);
    }
    const types: string[] = Array.isArray(schema.type)
      ? schema.type
      : schema.type
        ? [schema.type]
        : schema.properties
          ? ['object']
          : [];
    if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
    const typed = types.map((type) => this.typed(type, schema, field, depth));
    // Null is allowed but rarely the interesting case.
    return fc.oneof(
      ...typed.map((arbitrary, i) => ({ arbitrary, weight: types[i] === 'null' ? 1 : 4 })),
    );
  }

  private typed(
    type: string,
    schema: JsonSchema,
    field: string,
    depth: number,
  ): fc.Arbitrary<unknown> {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return this.number(schema, true);
      case 'number':
        return this.number(schema, false);
      case 'string':
        return this.string(schema, field);
      case 'array': {
        const minItems = schema.minItems ?? 0;
        return fc.array(this.value(schema.items ?? {}, field, depth + 1), {
          minLength: minItems,
          maxLength: Math.max(minItems, Math.min(schema.maxItems ?? 3, 3)),
        });
      }
      default:
        return this.object(schema, depth);
    }
  }

  private object(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const properties: Record<string, JsonSchema> = schema.properties ?? {};
    const required: string[] = schema.required ?? [];
    const names = Object.keys(properties).filter((name) => depth < 6 || required.includes(name));
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const name of names) model[name] = this.value(properties[name]!, name, depth + 1);
    const record = fc.record(model, { requiredKeys: required.filter((name) => name in model) });
    const additional = schema.additionalProperties;
    if (names.length > 0 || !additional) return record;
    // A map such as metadata: a few entries of the documented value type.
    const values =
      additional === true ? fc.jsonValue({ maxDepth: 1 }) : this.value(additional, '', depth + 1);
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), values, { maxKeys: 3 });
  }

  private number(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
    const step = integer ? 1 : 0.01;
    const min =
      schema.minimum ??
      (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + step : 0);
    const max =
      schema.maximum ??
      (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - step : min + 10_000);
    const known = typeof schema.example === 'number' ? [schema.example] : [];
    const scale = integer ? 1 : 100;
    const low = Math.ceil(min * scale);
    const high = Math.floor(max * scale);
    // fc.integer is 32-bit; wider ranges go through doubles.
    const whole =
      low >= -0x80000000 && high <= 0x7fffffff
        ? fc.integer({ min: low, max: high })
        : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true }).map(Math.round);
    return fc.oneof(
      whole.map((n) => n / scale),
      fc.constantFrom(
        min,
        max,
        ...known,
        ...(schema.default !== undefined ? [schema.default] : []),
      ),
    );
  }

  private string(schema: JsonSchema, field: string): fc.Arbitrary<unknown> {
    const minLength = schema.minLength ?? 0;
    const maxLength = schema.maxLength ?? minLength + 24;
    const fit = (text: string) => text.slice(0, maxLength);
    let generated: fc.Arbitrary<string>;
    if (schema.format === 'uri') {
      generated = fc.oneof(fc.webUrl(), fc.constant('https://example.com/return'));
    } else if (schema.format === 'email') {
      generated = fc.oneof(fc.emailAddress(), fc.constant('ada@example.com'));
    } else if (schema.format === 'date-time') {
      generated = fc
        .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
        .map((date) => date.toISOString());
    } else if (typeof schema.pattern === 'string' && matching(schema.pattern)) {
      generated = matching(schema.pattern)!.map(fit);
    } else {
      generated = fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 24) }).map(fit);
    }
    const options: fc.WeightedArbitrary<unknown>[] = [{ arbitrary: generated, weight: 3 }];
    const known = [
      ...(likelyValues[field] ?? []),
      ...(typeof schema.example === 'string' ? [schema.example] : []),
      ...(typeof schema.default === 'string' ? [schema.default] : []),
    ];
    if (known.length > 0) options.push({ arbitrary: fc.constantFrom(...known), weight: 3 });
    const pool = poolForField(field);
    if (pool) {
      options.push({ arbitrary: fc.nat().map((pick) => new Real(pool, pick)), weight: 4 });
    }
    return fc.oneof(...options);
  }
}

/** Strings a pattern matches, or null for patterns fast-check cannot invert (lookaheads). */
function matching(pattern: string): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return null;
  }
}

function encodeValue(value: unknown): Piece {
  if (value instanceof Real) {
    return new Real(value.pool, value.pick, (v) => percentEncode(value.format(v)));
  }
  if (value instanceof Raw) return percentEncode(value.text);
  return percentEncode(typeof value === 'string' ? value : JSON.stringify(value));
}

const extraHeader = fc.constantFrom<[string, string]>(
  ['Accept', 'text/html'],
  ['Accept', 'application/xml'],
  ['Accept-Encoding', 'gzip, br'],
  ['Content-Encoding', 'gzip'],
  ['X-API-Version', '1999-01-01'],
  ['X-API-Version', 'é'.repeat(200)],
  ['Origin', 'https://evil.example'],
  ['Cookie', 'session=1; a=b'],
  ['X-HTTP-Method-Override', 'DELETE'],
  ['X-Forwarded-Proto', 'gopher'],
  ['X-Forwarded-Host', 'evil.example'],
  ['Expect', '100-continue'],
  ['Idempotency-Key', 'fuzz-replayed-key-1'],
);

const replayedKeys = ['fuzz-replayed-key-1', 'fuzz-replayed-key-2'];

function rightAuthorization(
  name: string,
  scheme: JsonSchema | undefined,
  pick: number,
): fc.Arbitrary<Piece> {
  if (name === 'ClientSecret') {
    return fc.oneof(
      {
        arbitrary: fc.constant(new Real(pools.challengedClientSecret, pick, (v) => `Bearer ${v}`)),
        weight: 1,
      },
      {
        arbitrary: fc.nat().map((any) => new Real(pools.clientSecret, any, (v) => `Bearer ${v}`)),
        weight: 4,
      },
      {
        arbitrary: fc.nat().map((any) => new Real(pools.clientSecret, any, (v) => `bearer  ${v} `)),
        weight: 1,
      },
    );
  }
  if (scheme?.scheme === 'basic') {
    const forms = [
      `Basic ${base64(`${secretKey}:`)}`,
      `Basic ${base64(secretKey)}`,
      `basic ${base64(`${secretKey}:any password`)}`,
    ];
    if (/id/i.test(name)) forms.push(`Basic ${base64(`acct_fuzz:${secretKey}`)}`);
    return fc.constantFrom(...forms);
  }
  return fc.constantFrom(`Bearer ${secretKey}`, `bearer ${secretKey}`);
}

// --- mutations of valid-ish bodies

type MutationKind = 'drop' | 'add' | 'retype' | 'hostile' | 'nest' | 'grow' | 'null';

interface Mutation {
  kind: MutationKind;
  target: number;
  key: string;
  replacement: unknown;
}

function mutationOf(
  kind: MutationKind,
  replacement: fc.Arbitrary<unknown>,
  key: fc.Arbitrary<string> = fc.constant(''),
): fc.Arbitrary<Mutation> {
  return fc.record({ kind: fc.constant(kind), target: fc.nat(), key, replacement });
}

const mutation = fc.oneof(
  mutationOf('drop', fc.constant(null)),
  mutationOf('add', fc.oneof(wrongType, hostileString()), oddKey),
  mutationOf('retype', wrongType),
  mutationOf('hostile', hostileString()),
  mutationOf('nest', deepNesting),
  mutationOf('grow', bigCollection),
  mutationOf('null', fc.constant(null)),
);

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] =>
  typeof value === 'object' &&
  value !== null &&
  !(value instanceof Real) &&
  !(value instanceof Raw);

/** Sets an own property, even one named `__proto__`. */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function clone(value: unknown): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map(clone);
  const copy = {};
  for (const key of Object.keys(value)) setOwn(copy, key, clone(value[key]));
  return copy;
}

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

function slotsOf(root: { body: unknown }): Slot[] {
  const slots: Slot[] = [{ parent: root as Record<string, unknown>, key: 'body' }];
  const walk = (value: unknown) => {
    if (!isContainer(value)) return;
    const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      slots.push({ parent: value, key });
      walk((value as Record<string | number, unknown>)[key]);
    }
  };
  walk(root.body);
  return slots;
}

/** The value with the mutations applied; drops take required fields where there are some. */
function mutate(value: unknown, mutations: Mutation[], required: Set<string>): unknown {
  const root = { body: clone(value) };
  for (const m of mutations) {
    const slots = slotsOf(root);
    const read = (slot: Slot) => (slot.parent as Record<string | number, unknown>)[slot.key];
    if (m.kind === 'drop') {
      const fields = slots.filter((slot) => !Array.isArray(slot.parent) && slot.parent !== root);
      const requiredFields = fields.filter((slot) => required.has(String(slot.key)));
      const candidates = requiredFields.length > 0 ? requiredFields : fields;
      const slot = candidates[m.target % Math.max(candidates.length, 1)];
      if (slot) delete (slot.parent as Record<string, unknown>)[slot.key];
    } else if (m.kind === 'add') {
      const objects = slots.map(read).filter((v) => isContainer(v) && !Array.isArray(v));
      const object = objects[m.target % Math.max(objects.length, 1)];
      if (object) setOwn(object as object, m.key, m.replacement);
    } else {
      // Hostile strings go where strings are, other replacements anywhere.
      const strings = slots.filter((slot) => typeof read(slot) === 'string');
      const candidates = m.kind === 'hostile' && strings.length > 0 ? strings : slots;
      const slot = candidates[m.target % candidates.length]!;
      setOwn(slot.parent, slot.key, m.replacement);
    }
  }
  return root.body;
}

// --- raw bodies

const malformedJson = [
  '',
  ' ',
  '{',
  '}',
  '{"',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{a:1}',
  '[',
  'nul',
  'tru',
  'undefined',
  'NaN',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":1} trailing',
  '{}{}',
  '\ufeff{}',
  '/* comment */{}',
  '{"a":"\u0000"}',
  '{"a":"\\x41"}',
  '{"a":01}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  'null',
  'true',
  '0',
  '-1',
  '"string"',
  '"\\u0000"',
  '"\\ud800"',
  '[]',
  '[{}]',
  '{}',
  '\u0000',
  '\u0000{}',
  '{}\u0000',
];

function rawBody(validish: fc.Arbitrary<unknown>): fc.Arbitrary<PlannedBody> {
  const text = (value: string): PlannedBody => ({ kind: 'text', text: value });
  const bytes = (value: Uint8Array<ArrayBuffer>): PlannedBody => ({ kind: 'bytes', bytes: value });
  return fc.oneof(
    { arbitrary: fc.constantFrom(...malformedJson).map(text), weight: 6 },
    // A good body, broken as text: cut short, a raw NUL, doubled keys, padding, quotes.
    {
      arbitrary: fc
        .tuple(
          validish,
          fc.nat(),
          fc.constantFrom<Breakage>('cut', 'nul', 'twice', 'pad', 'quotes'),
        )
        .map(([value, at, how]): PlannedBody => ({ kind: 'broken', value, at, how })),
      weight: 4,
    },
    { arbitrary: deepNesting.map((raw) => text(raw.text)), weight: 1 },
    { arbitrary: bigCollection.map((raw) => text(raw.text)), weight: 1 },
    { arbitrary: repeated(['x', '{', '\u0000'], 1_000, 1_500_000).map(text), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(
          new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
          new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]),
          new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
          new Uint8Array([0xc3, 0x28]),
        )
        .map(bytes),
      weight: 1,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }).map(bytes), weight: 1 },
  );
}

// ---------------------------------------------------------------------------
// Sending and checking

/** JSON text of a planned value, real values filled in. */
function toJson(value: unknown, fixtures: Fixtures): string {
  if (value instanceof Real) return JSON.stringify(fixtures.pick(value));
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => toJson(item, fixtures)).join(',')}]`;
  if (isContainer(value)) {
    const record = value as Record<string, unknown>;
    // Undefined fields are left out, as JSON.stringify does.
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${toJson(record[key], fixtures)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

interface Built {
  request: Request;
  summary: RequestSummary;
}

const piece = (part: Piece, fixtures: Fixtures) =>
  typeof part === 'string' ? part : fixtures.pick(part);

function build(plan: Plan, fixtures: Fixtures): Built {
  const path = plan.path.map((part) => piece(part, fixtures)).join('');
  const query = plan.query
    .map(([key, value]) => (value === null ? key : `${key}=${piece(value, fixtures)}`))
    .join('&');
  const url = `${origin}${path}${query ? `?${query}` : ''}`;
  // An id the URL parser rewrites would reach another route: the plan would be wrong.
  if (new URL(url).pathname !== path) {
    throw new Error(`fuzz: the URL parser rewrote ${JSON.stringify(path)}`);
  }
  const headers = new Headers();
  for (const [name, value] of plan.headers) headers.append(name, piece(value, fixtures));
  let body: Uint8Array<ArrayBuffer> | null = null;
  let shown = '';
  if (plan.body.kind !== 'none' && plan.body.kind !== 'bytes') {
    const text =
      plan.body.kind === 'json'
        ? toJson(plan.body.value, fixtures)
        : plan.body.kind === 'broken'
          ? breakJson(toJson(plan.body.value, fixtures), plan.body.at, plan.body.how)
          : plan.body.text;
    body = new TextEncoder().encode(text);
    shown = printable(text);
  } else if (plan.body.kind === 'bytes') {
    body = plan.body.bytes;
    shown = `bytes ${Buffer.from(body).toString('hex')}`;
  }
  const method = plan.operation.method;
  const summaryHeaders: Record<string, string> = {};
  headers.forEach((value, name) => {
    summaryHeaders[name] = shorten(printable(value), 120);
  });
  return {
    // Bytes, so no Content-Type is added that the plan did not ask for.
    request: new Request(url, { method, headers, body }),
    summary: {
      method,
      path: shorten(`${path}${query ? `?${query}` : ''}`, truncateAt),
      headers: summaryHeaders,
      body: body ? `${shorten(shown, truncateAt)} (${body.length} bytes)` : '(none)',
    },
  };
}

/** Control characters and lone surrogates shown as `\uXXXX`, the rest as is. */
function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const invisible = code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff);
    out += invisible ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  }
  return out;
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

class Timeout extends Error {}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function pointerTo(segments: string[]): string {
  return `#/${segments
    .map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1')))
    .join('/')}`;
}

interface DocumentedResponse {
  spec: JsonSchema;
  /** Where it is in the document, for its schemas' validators. */
  pointer: string[];
}

/** The documented response for a status: the exact code, its range (`4XX`), or `default`. */
function documentedResponse(
  document: JsonSchema,
  operation: Operation,
  status: number,
): DocumentedResponse | null {
  for (const code of [String(status), `${String(status)[0]}XX`, 'default']) {
    const response = operation.responses[code];
    if (!response) continue;
    if (typeof response.$ref === 'string') {
      const pointer = response.$ref.slice(2).split('/').map(unescapePointer);
      return { spec: resolve(document, response.$ref), pointer };
    }
    return { spec: response, pointer: [...operation.pointer, 'responses', code] };
  }
  return null;
}

function mediaTypeMatches(documented: string, actual: string): boolean {
  const [type, subtype] = documented.toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.toLowerCase().split(';')[0]!.trim().split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

class Checker {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private static readonly documentId = 'https://checkout-kit.test/openapi.json';

  constructor(private readonly document: JsonSchema) {
    this.ajv = new Ajv2020({
      // The document carries OpenAPI keywords (example, discriminator …) ajv does not know.
      strict: false,
      allErrors: false,
      logger: false,
      formats: {
        uri: (value: string) => URL.canParse(value),
        email: /^[^\s@]+@[^\s@]+$/,
        'date-time': (value: string) =>
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) &&
          !Number.isNaN(Date.parse(value)),
      },
    });
    this.ajv.addSchema(document, Checker.documentId);
  }

  private validator(pointer: string[]): ValidateFunction {
    const key = pointer.join('\u0000');
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.getSchema(`${Checker.documentId}${pointerTo(pointer)}`);
      if (!validate) throw new Error(`fuzz: no schema at ${pointer.join('/')}`);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** What is wrong with the answer, if anything. */
  check(operation: Operation, response: Response, bytes: Uint8Array): string | null {
    const status = response.status;
    if (status >= 500) return `answered ${status}`;
    const documented = documentedResponse(this.document, operation, status);
    if (!documented) return `answered ${status}, which the operation does not document`;
    const { spec, pointer } = documented;
    const content: Record<string, JsonSchema> = spec.content ?? {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      return bytes.length === 0 ? null : `${status} has a body where the document lists none`;
    }
    const contentType = response.headers.get('Content-Type') ?? '';
    const mediaType = mediaTypes.find((type) => mediaTypeMatches(type, contentType));
    if (!mediaType) {
      return `${status} came as '${contentType.split(';')[0]}', not ${mediaTypes.join(' or ')}`;
    }
    if (!/json/i.test(mediaType) || !content[mediaType]!.schema) return null;
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return `${status} body is not JSON`;
    }
    const validate = this.validator([...pointer, 'content', mediaType, 'schema']);
    if (validate(body)) return null;
    const error = validate.errors?.[0];
    const where = (error?.instancePath ?? '').replace(/\/\d+(?=\/|$)/g, '/*') || '(body)';
    return `${status} body does not match the document: ${where} ${error?.message ?? ''}`.trim();
  }
}

/**
 * The fuzzer's check of one answer against a document, on its own: what is
 * wrong with it, or null. For the harness's own tests.
 */
export function answerChecker(
  document: JsonSchema,
): (operation: string, response: Response) => Promise<string | null> {
  const checker = new Checker(document);
  const operations = new Map(operationsOf(document).map((operation) => [operation.key, operation]));
  return async (key, response) => {
    const operation = operations.get(key);
    if (!operation) throw new Error(`fuzz: the document has no operation ${key}`);
    return checker.check(operation, response, new Uint8Array(await response.arrayBuffer()));
  };
}

// ---------------------------------------------------------------------------
// The run

/** Fuzzes every operation of the endpoint's document; never throws for the endpoint's sake. */
export async function fuzz(options: FuzzOptions = {}): Promise<FuzzReport> {
  const seed = options.seed ?? 1;
  const storeKind = options.store ?? 'memory';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const renewEvery = options.renewEvery ?? 4;
  const store = await openStore(storeKind);
  try {
    const endpoint = makeEndpoint(store, options.endpointOptions);
    const documentReply = await endpoint.call('/openapi.json');
    if (documentReply.status !== 200) {
      throw new Error(`fuzz: GET /openapi.json answered ${documentReply.status}`);
    }
    const document = documentReply.body as JsonSchema;
    const operations = operationsOf(document);
    const checker = new Checker(document);

    const failures: FuzzFailure[] = [];
    const byOperation: Record<string, OperationCounts> = {};
    for (const operation of operations) byOperation[operation.key] = { requests: 0, statuses: {} };

    const paths = new Set(operations.map((operation) => operation.path));
    const fixtures = new Fixtures(endpoint, paths, timeoutMs, (failure) => failures.push(failure));
    await fixtures.setUp();

    const creators = operations
      .filter((operation) => operation.method === 'POST' && !operation.path.includes('{'))
      .map((operation) => operation.path);
    const builder = new PlanBuilder(document, fixtures, creators);
    const planArbitraries = operations.map((operation) => builder.plan(operation));

    const runs = options.runs ?? 2_000;
    const rounds = Math.ceil(runs / operations.length);
    const total = rounds * operations.length;
    let requests = 0;
    let round = 0;
    const order = operations.map((_, i) => i);

    const send = async (plan: Plan) => {
      const { request, summary } = build(plan, fixtures);
      const counts = byOperation[plan.operation.key]!;
      counts.requests += 1;
      requests += 1;
      const fail = (status: number | null, reason: string, detail: string) =>
        failures.push({ operation: plan.operation.key, request: summary, status, reason, detail });
      // What the endpoint logs is kept for the report instead of flooding the output.
      const logged: string[] = [];
      const { error, warn } = console;
      console.error = console.warn = (...args: unknown[]) => {
        logged.push(args.map((arg) => (arg instanceof Error ? arg.stack : String(arg))).join(' '));
      };
      try {
        const response = await within(Promise.resolve(endpoint.app.fetch(request)), timeoutMs);
        const bytes = new Uint8Array(await within(response.arrayBuffer(), timeoutMs));
        counts.statuses[response.status] = (counts.statuses[response.status] ?? 0) + 1;
        let reason = checker.check(plan.operation, response, bytes);
        // A 5xx is grouped by what went wrong inside, as the endpoint logged it.
        if (reason && response.status >= 500 && logged.length > 0) {
          reason = `${reason}: ${causeOf(logged[0]!)}`;
        }
        if (reason) {
          const body = shorten(printable(new TextDecoder().decode(bytes)), truncateAt);
          const log = logged.length > 0 ? ` | logged: ${firstLines(logged[0]!)}` : '';
          fail(response.status, reason, `${body}${log}`);
        }
      } catch (thrown) {
        if (thrown instanceof Timeout) {
          counts.statuses.hang = (counts.statuses.hang ?? 0) + 1;
          fail(null, `no answer within ${timeoutMs} ms`, '');
        } else {
          counts.statuses.threw = (counts.statuses.threw ?? 0) + 1;
          const message =
            thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
          fail(null, 'app.fetch threw instead of answering', shorten(message, 600));
        }
      } finally {
        console.error = error;
        console.warn = warn;
      }
      options.onProgress?.(requests, total);
    };

    // One round is a request for every operation, in a shuffled order.
    const roundArbitrary = fc.tuple(
      fc.tuple(...planArbitraries),
      fc.shuffledSubarray(order, { minLength: order.length, maxLength: order.length }),
    );
    await fc.assert(
      fc.asyncProperty(roundArbitrary, async ([plans, shuffled]) => {
        round += 1;
        if (round % renewEvery === 0) await fixtures.renew();
        for (const i of shuffled) await send(plans[i]!);
      }),
      // Failures are collected, not thrown: a throw here is the harness's own bug.
      { seed, numRuns: rounds, endOnFailure: true },
    );

    const unexercised = operations
      .map((operation) => operation.key)
      .filter((key) =>
        Object.keys(byOperation[key]!.statuses).every(
          (status) => !/^\d+$/.test(status) || status === '401',
        ),
      );
    const groups = groupFailures(failures);
    const report: FuzzReport = {
      seed,
      store: storeKind,
      requests,
      failures: failures.length,
      groups,
      byOperation,
      unexercised,
      text: '',
    };
    report.text = formatReport(report);
    return report;
  } finally {
    await store.close();
  }
}

/** A logged error on one line: its message, and the first frame in the project's own code. */
function firstLines(logged: string): string {
  const [message = '', ...frames] = logged.split('\n');
  const own = frames.find((frame) => /\/src\//.test(frame) && !frame.includes('node_modules'));
  return shorten(`${message}${own ? ` ${own.trim()}` : ''}`, 400);
}

/** The first line of a logged error, without the values that differ from request to request. */
function causeOf(logged: string): string {
  const line = logged
    .split('\n')[0]!
    .replace(/^checkout-kit: unexpected error\s*/, '')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b[a-z]+_(test_)?[A-Za-z0-9]{8,}\b/g, '<id>')
    .replace(/\d{3,}/g, 'N');
  return shorten(line, 160);
}

function groupFailures(failures: FuzzFailure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of failures) {
    const key = `${failure.operation}\u0000${failure.reason}`;
    const group = groups.get(key);
    if (group) {
      group.count += 1;
    } else {
      const { operation, reason } = failure;
      groups.set(key, { operation, reason, count: 1, example: failure });
    }
  }
  return [...groups.values()].sort(
    (a, b) => a.operation.localeCompare(b.operation) || b.count - a.count,
  );
}

export function formatReport(report: FuzzReport): string {
  const lines: string[] = [];
  let operation = '';
  for (const group of report.groups) {
    if (group.operation !== operation) {
      operation = group.operation;
      lines.push('', operation);
    }
    const { request, detail } = group.example;
    lines.push(`  ${group.count}× ${group.reason}`);
    lines.push(`      e.g. ${request.method} ${request.path}`);
    for (const [name, value] of Object.entries(request.headers)) {
      lines.push(`        ${name}: ${value}`);
    }
    lines.push(`        body: ${request.body}`);
    if (detail) lines.push(`        answer: ${detail}`);
  }
  if (report.unexercised.length > 0) {
    lines.push('', `Never got past authentication: ${report.unexercised.join(', ')}`);
  }
  lines.push(
    '',
    `${report.requests} requests, ${report.failures} failures (seed ${report.seed}, ${report.store} store)`,
  );
  return lines.join('\n');
}
