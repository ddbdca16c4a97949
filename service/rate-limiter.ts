/** A bucket's answer: go ahead, or wait this many seconds. */
export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

// Idle buckets are full again; past this many the full ones are dropped, so many client addresses stay bounded.
const MAX_BUCKETS = 10_000;

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * Token buckets, one per key or client address, each holding a minute's allowance and refilled continuously: a
 * client may burst to its limit, then gets one request per 60/limit seconds. In memory, per process: N API
 * processes behind a balancer allow up to N times the limit.
 */
export function createRateLimiter(now: () => number = () => performance.now()) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(bucket: string, perMinute: number): Take {
      const t = now();
      const rate = perMinute / 60_000; // tokens per ms
      const b = buckets.get(bucket) ?? { tokens: perMinute, at: t };
      b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * rate);
      b.at = t;
      if (!buckets.has(bucket)) {
        if (buckets.size >= MAX_BUCKETS)
          for (const [k, v] of buckets) if (v.tokens + (t - v.at) * rate >= perMinute) buckets.delete(k);
        buckets.set(bucket, b);
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
    },
  };
}
