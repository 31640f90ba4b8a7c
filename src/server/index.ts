/**
 * `checkout-kit/server`: the thin session endpoint as a standard fetch handler,
 * and the stores it can keep its data in. Runs in Node, other runtimes and the
 * browser; the durable PGlite store lives in `checkout-kit/server/node`.
 */
export { type CheckoutHandlerOptions, createCheckoutApp, createCheckoutHandler } from './app.js';
export type { CatalogObject, Price, Product, SubscriptionPlan } from './catalog/catalog.js';
export { demoCatalog, seedDemoCatalog } from './catalog/demo-catalog.js';
export type { WebhookSettings } from './context.js';
export type {
  CardAuthorization,
  CardAuthorizationRequest,
  CardVoidRequest,
  Processor,
} from './processor/processor.js';
export { testProcessor } from './processor/test-processor.js';
export type { RateLimit, RateLimitOptions } from './rate-limits.js';
export {
  notesOf,
  type PaymentNote,
  type RequestNotes,
  requestIdFrom,
} from './request-notes.js';
export type { MetricsSource } from './routes/health.js';
export type { PromotionCode } from './sessions/promotion-codes.js';
export { defaultTaxRates, type TaxRate } from './sessions/tax-rates.js';
export { MemoryStore } from './store/memory-store.js';
export { type SqlDatabase, type SqlExecutor, SqlStore } from './store/sql-store.js';
export type {
  AuthFailureCount,
  CheckoutStore,
  PoolStats,
  SessionEffects,
  UpdateResult,
  WebhookBacklog,
} from './store/store.js';
export type { OutboxEntry, WebhookEvent, WebhookEventType } from './webhooks/event.js';
export {
  signatureHeader,
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './webhooks/signature.js';
export {
  createWebhookWorker,
  retryDelay,
  type WebhookAttempt,
  type WebhookPass,
  WebhookWorker,
  type WebhookWorkerOptions,
} from './webhooks/worker.js';
