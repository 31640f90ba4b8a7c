/**
 * The Node server's configuration, read from the environment once at start-up.
 */

/** Used in test mode when CHECKOUT_SECRET_KEY is unset; printed at start-up so the demo can be driven by hand. */
export const developmentSecretKey = 'sk_test_checkout_kit_development';

export interface ServerConfig {
  port: number;
  host: string;
  secretKey: string;
  /** True when the development key is in use. */
  usingDevelopmentKey: boolean;
  dataDir: string;
  publicUrl: string | undefined;
}

export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const port = Number(env.PORT ?? 4242);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535); got '${env.PORT}'.`);
  }
  const secretKey = env.CHECKOUT_SECRET_KEY?.trim();
  if (secretKey !== undefined && secretKey.length < 16) {
    throw new Error('CHECKOUT_SECRET_KEY must be at least 16 characters long.');
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    secretKey: secretKey || developmentSecretKey,
    usingDevelopmentKey: !secretKey,
    dataDir: env.CHECKOUT_DATA_DIR ?? './.data',
    publicUrl: env.CHECKOUT_PUBLIC_URL,
  };
}
