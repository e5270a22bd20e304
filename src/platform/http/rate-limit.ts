/** A fixed-window counter per key: cheap, and good enough for one process; the window is one minute. */
export type RateLimiter = {
  hit(key: string, now: number): { allowed: boolean; retryAfterSeconds: number; remaining: number };
};

export function createRateLimiter(limitPerMinute: number, maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, now) {
      if (limitPerMinute <= 0) return { allowed: true, retryAfterSeconds: 0, remaining: Number.POSITIVE_INFINITY };
      let window = windows.get(key);
      if (!window || now - window.start >= 60_000) {
        if (windows.size >= maxKeys) windows.clear();
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count++;
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
      return {
        allowed: window.count <= limitPerMinute,
        retryAfterSeconds,
        remaining: Math.max(0, limitPerMinute - window.count),
      };
    },
  };
}
