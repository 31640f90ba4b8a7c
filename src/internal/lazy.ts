/**
 * A loader for a lazily imported module: the first call starts the import,
 * later calls share it, and a failed import is forgotten so the next call
 * tries again (a flaky network must not break a part for good).
 *
 *   const loadCryptoView = lazy(() => import('./crypto-view.js'));
 *   const { CryptoView } = await loadCryptoView();
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
