import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ClientSession, CryptoAsset, CryptoQuote } from '../../api/client-types.js';
import { currencyDigits } from '../../core/money.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError } from '../errors.js';
import { sha256 } from '../ids.js';
import { clientRoute, clientSessionAnswer, sessionOf } from '../routes/client-route.js';
import { cryptoQuoteBody } from '../routes/client-schemas.js';
import { refuseWhileConfirming, requireOpen, transition } from '../sessions/service.js';
import { type CryptoState, type SessionRecord, toClientSession } from '../sessions/session.js';
import type { Versioned } from '../store/store.js';
import { qrModules } from './qr-modules.js';

/**
 * Crypto checkout (seed 002) in test mode: quotes at fixed rates, a deposit
 * address per session and asset, and a simulated transfer that completes the
 * session once its confirmation time has passed (see `settleIfDue`).
 */

export const cryptoAssets = ['ETH', 'USDT', 'USDC'] as const satisfies readonly CryptoAsset[];

/** Session currencies a crypto checkout can be priced in. */
export const cryptoCurrencies = ['usd', 'eur', 'gbp'] as const;
export type CryptoCurrency = (typeof cryptoCurrencies)[number];

/**
 * Fixed test-mode prices of one unit of each asset, in each currency: ETH at
 * 2500 USD, stablecoins at 1 USD, and 0.92 EUR or 0.80 GBP per USD. Decimal
 * strings, so amounts are computed exactly.
 */
export const testRates: Record<CryptoCurrency, Record<CryptoAsset, string>> = {
  usd: { ETH: '2500.00', USDT: '1.00', USDC: '1.00' },
  eur: { ETH: '2300.00', USDT: '0.92', USDC: '0.92' },
  gbp: { ETH: '2000.00', USDT: '0.80', USDC: '0.80' },
};

interface AssetSpec {
  /** Decimals the customer is asked to send; amounts round up to this. */
  shownDecimals: number;
  /** Decimals of the asset's base unit on chain (wei for ETH). */
  chainDecimals: number;
  /** The ERC-20 token contract on Ethereum mainnet; null for ether itself. */
  contract: string | null;
}

const assetSpecs: Record<CryptoAsset, AssetSpec> = {
  ETH: { shownDecimals: 8, chainDecimals: 18, contract: null },
  USDT: {
    shownDecimals: 2,
    chainDecimals: 6,
    contract: '0xdAC17F958D2ee523a2206206994597C13D831ec7',
  },
  USDC: {
    shownDecimals: 2,
    chainDecimals: 6,
    contract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
  },
};

const mainnetChainId = 1;

export function isCryptoCurrency(currency: string): currency is CryptoCurrency {
  return (cryptoCurrencies as readonly string[]).includes(currency);
}

/**
 * Where this session receives this asset: stable per session and asset, so a
 * refreshed quote keeps the address a customer may already have copied.
 */
export async function depositAddress(sessionId: string, asset: CryptoAsset): Promise<string> {
  return `0x${(await sha256(`${sessionId}:${asset}`)).slice(0, 40)}`;
}

/** The session's total in `asset` at the test rate, never below what is owed. */
export function quoteFor(
  context: EndpointContext,
  session: SessionRecord,
  asset: CryptoAsset,
  address: string,
): CryptoQuote {
  if (!isCryptoCurrency(session.currency)) {
    throw new ApiError(
      400,
      'currency_not_supported',
      `Crypto payments are not available in ${session.currency.toUpperCase()}.`,
    );
  }
  const rate = testRates[session.currency][asset];
  const spec = assetSpecs[asset];
  const shownUnits = assetUnitsFor(
    session.amountTotal,
    currencyDigits(session.currency),
    rate,
    spec,
  );
  const baseUnits = shownUnits * 10n ** BigInt(spec.chainDecimals - spec.shownDecimals);
  const uri = paymentUri(spec, address, baseUnits);
  return {
    asset,
    amount: formatUnits(shownUnits, spec.shownDecimals),
    rate,
    network: 'ethereum',
    address,
    uri,
    qr: qrModules(uri),
    // A quote never outlives the session it pays for.
    expires_at: Math.min(unixNow(context) + context.cryptoQuoteSeconds, session.expiresAt),
  };
}

/**
 * `amountMinor` (in the currency's minor unit) divided by `rate`, counted in
 * units of the asset's last shown decimal and rounded up: never under-charge.
 */
function assetUnitsFor(
  amountMinor: number,
  currencyDecimals: number,
  rate: string,
  spec: AssetSpec,
): bigint {
  const parsed = parseDecimal(rate);
  const numerator =
    BigInt(amountMinor) * 10n ** BigInt(parsed.scale) * 10n ** BigInt(spec.shownDecimals);
  const denominator = parsed.units * 10n ** BigInt(currencyDecimals);
  return (numerator + denominator - 1n) / denominator;
}

/** `'2300.50'` → 230050 hundredths. */
function parseDecimal(text: string): { units: bigint; scale: number } {
  const [whole, fraction = ''] = text.split('.');
  return { units: BigInt(`${whole}${fraction}`), scale: fraction.length };
}

/** 4000000 units at 8 decimals → `'0.04000000'`. */
function formatUnits(units: bigint, decimals: number): string {
  const digits = units.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** An EIP-681 payment request that wallets and QR scanners understand. */
function paymentUri(spec: AssetSpec, address: string, baseUnits: bigint): string {
  return spec.contract
    ? `ethereum:${spec.contract}@${mainnetChainId}/transfer?address=${address}&uint256=${baseUnits}`
    : `ethereum:${address}@${mainnetChainId}?value=${baseUnits}`;
}

/** A random transaction hash for a simulated transfer. */
function simulatedTransactionHash(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The session's crypto state, or the 400 for a session that is not paid in crypto. */
export function cryptoStateOf(session: SessionRecord): CryptoState {
  if (!session.crypto || !session.paymentMethodTypes.includes('crypto')) {
    throw new ApiError(
      400,
      'payment_method_not_allowed',
      'This checkout session cannot be paid in crypto.',
    );
  }
  return session.crypto;
}

function requireAllowedAsset(crypto: CryptoState, asset: CryptoAsset): void {
  if (!crypto.allowedAssets.includes(asset)) {
    throw new ApiError(
      400,
      'asset_not_allowed',
      `This checkout accepts ${crypto.allowedAssets.join(', ')}, not ${asset}.`,
      { param: 'asset', rule: 'allowed_assets' },
    );
  }
}

function quoteExpired(context: EndpointContext, quote: CryptoQuote): boolean {
  return unixNow(context) >= quote.expires_at;
}

/**
 * Quotes the session's total in `asset`, replacing any earlier quote. Refused
 * once a transfer was received: the customer already paid.
 */
export async function requestQuote(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  asset: CryptoAsset,
): Promise<Versioned<SessionRecord>> {
  requireAllowedAsset(cryptoStateOf(current.value), asset);
  const address = await depositAddress(current.value.id, asset);
  return transition(context, current, (session) => {
    const crypto = cryptoStateOf(session);
    requireOpen(session);
    if (crypto.deposit) {
      throw new ApiError(
        409,
        'crypto_deposit_received',
        'A transfer for this checkout was already received; it needs no new quote.',
      );
    }
    return { ...session, crypto: { ...crypto, quote: quoteFor(context, session, asset, address) } };
  });
}

/**
 * Test mode: records the transfer of the current quote's amount, as if the
 * customer's wallet had sent it. The session completes once the confirmation
 * time has passed. Repeating it once a transfer exists changes nothing.
 */
export async function simulateTransfer(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
): Promise<Versioned<SessionRecord>> {
  requireTestMode(context);
  const transaction = simulatedTransactionHash();
  return transition(context, current, (session) => {
    const crypto = cryptoStateOf(session);
    if (crypto.deposit) return session;
    requireOpen(session);
    const quote = crypto.quote;
    if (!quote) {
      throw new ApiError(
        400,
        'quote_missing',
        'Choose an asset to get a quote before sending a payment.',
        { param: 'asset' },
      );
    }
    if (quoteExpired(context, quote)) {
      throw new ApiError(
        409,
        'quote_expired',
        'The quote expired. Get a new quote and send the amount it gives.',
      );
    }
    const deposit = {
      asset: quote.asset,
      amount: quote.amount,
      transaction,
      confirmsAt: unixNow(context) + context.cryptoConfirmationSeconds,
    };
    return { ...session, crypto: { ...crypto, deposit } };
  });
}

/**
 * Merchant API, test mode: pays an open crypto session as a customer would,
 * quoting in the current quote's asset (or the first allowed one) when there
 * is no quote still valid.
 */
export async function simulatePayment(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
): Promise<Versioned<SessionRecord>> {
  requireTestMode(context);
  const crypto = cryptoStateOf(current.value);
  if (crypto.deposit) return current;
  requireOpen(current.value);
  const quote = crypto.quote;
  const quoted =
    quote && !quoteExpired(context, quote)
      ? current
      : await requestQuote(context, current, quote?.asset ?? crypto.allowedAssets[0]!);
  return simulateTransfer(context, quoted);
}

/**
 * Merchant API: expires or cancels an open crypto session. Refused while a
 * transfer waits for confirmations, since the customer's money is on its way.
 */
export async function closeCryptoSession(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  status: 'expired' | 'canceled',
): Promise<SessionRecord> {
  const closed = await transition(context, current, (session) => {
    if (session.status !== 'open') {
      throw new ApiError(
        400,
        'session_not_open',
        `Only open checkout sessions can be ${status}; this one is ${session.status}.`,
      );
    }
    refuseWhileConfirming(context, session);
    if (session.crypto?.deposit) {
      throw new ApiError(
        409,
        'payment_in_progress',
        'A crypto transfer for this session is waiting for confirmations.',
        { retryable: true },
      );
    }
    return { ...session, status, closedAt: unixNow(context) };
  });
  return closed.value;
}

function requireTestMode(context: EndpointContext): void {
  if (context.livemode) {
    throw new ApiError(
      400,
      'test_mode_only',
      'Payments can be simulated in test mode only; in live mode the customer sends them.',
    );
  }
}

/** The crypto checkout's client routes: a quote in one asset, and (test mode) the transfer. */
export function registerCryptoRoutes(app: OpenAPIHono, context: EndpointContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/crypto/quote',
      ...clientRoute,
      summary: 'Quote the total in a crypto asset',
      description:
        'Quotes the total in one of the allowed assets at the test rates, with a deposit address and an EIP-681 payment URI. Replaces any earlier quote; ask again once `expires_at` has passed. Only for open crypto sessions without a transfer.',
      request: {
        body: { required: true, content: { 'application/json': { schema: cryptoQuoteBody } } },
      },
      responses: clientSessionAnswer('The session with its new quote.'),
    }),
    async (c) => {
      const { asset } = c.req.valid('json');
      const quoted = await requestQuote(context, await sessionOf(context, c), asset);
      return c.json(toClientSession(quoted.value) as ClientSession, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/crypto/simulate',
      ...clientRoute,
      summary: 'Simulate the crypto transfer (test mode)',
      description:
        "Test mode: sends the current quote's amount as the customer's wallet would. The session completes once the network's confirmations are in; until then `crypto.status` is `confirming`. Repeating it once a transfer exists changes nothing.",
      request: {
        body: {
          required: false,
          content: { 'application/json': { schema: z.strictObject({}) } },
        },
      },
      responses: clientSessionAnswer('The session waiting for confirmations.'),
    }),
    async (c) => {
      const sent = await simulateTransfer(context, await sessionOf(context, c));
      return c.json(toClientSession(sent.value) as ClientSession, 200);
    },
  );
}
