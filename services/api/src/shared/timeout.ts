/** Rejects with `timeoutError()` when `promise` is still pending after `ms` (no time box when null). */
export function withTimeout<T>(promise: Promise<T>, ms: number | null, timeoutError: () => Error): Promise<T> {
  if (ms === null) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
