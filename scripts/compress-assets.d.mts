export function compressedCopies(
  body: Buffer,
  name?: string,
): Promise<{ br: Buffer; gzip: Buffer }>;
export function compressAssets(folder?: string): Promise<number>;
