/**
 * Politeness per host: requests to one host start at least `delayMs` apart, or the robots.txt Crawl-delay when that is
 * longer, however many workers share the host. Each caller reserves its slot before waiting, so two workers never
 * take the same one.
 */
export function createHostPacer(delayMs: number) {
  const next = new Map<string, number>(); // host → earliest start of its next request
  return {
    async wait(url: string, crawlDelayMs: number): Promise<void> {
      const host = new URL(url).host;
      const gap = Math.max(delayMs, crawlDelayMs);
      if (gap === 0) return;
      const now = Date.now();
      const at = Math.max(now, next.get(host) ?? 0);
      next.set(host, at + gap);
      if (at > now) await new Promise((r) => setTimeout(r, at - now));
    },
  };
}
