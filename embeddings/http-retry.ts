import { KensakuError, errorMessage } from '../errors/kensaku-error.ts';

export interface PostJsonOptions {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  /** Per attempt, covering the response body too. */
  timeoutMs: number;
  /** Extra attempts after the first, on network errors, timeouts, 429 and 5xx only. */
  retries: number;
  /** First backoff; doubles per attempt, with jitter. */
  retryBaseMs: number;
  fetch: typeof fetch;
}

type Attempt = { ok: true; json: unknown } | { ok: false; retryable: boolean; why: string; waitMs?: number };

/** POSTs JSON and returns the parsed answer; gives up with embeddings_unavailable saying why. */
export async function postJsonWithRetries(options: PostJsonOptions): Promise<unknown> {
  const host = new URL(options.url).host;
  for (let attempt = 0; ; attempt++) {
    const result = await attemptOnce(options);
    if (result.ok) return result.json;
    if (!result.retryable || attempt >= options.retries) {
      throw new KensakuError(
        'embeddings_unavailable',
        `embedding server ${host}: ${result.why} (attempt ${attempt + 1} of ${options.retries + 1})`,
      );
    }
    await sleep(result.waitMs ?? backoffMs(attempt, options.retryBaseMs));
  }
}

async function attemptOnce(o: PostJsonOptions): Promise<Attempt> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  try {
    const res = await o.fetch(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...o.headers },
      body: JSON.stringify(o.body),
      signal,
    });
    if (res.ok) return { ok: true, json: await res.json() };
    const detail = (await res.text().catch(() => '')).slice(0, 300);
    const retryable = res.status === 429 || res.status >= 500;
    return { ok: false, retryable, why: `HTTP ${res.status} ${detail}`.trim(), waitMs: retryAfterMs(res) };
  } catch (e) {
    if (signal.aborted) return { ok: false, retryable: true, why: `no answer within ${o.timeoutMs} ms` };
    // A 200 with a body that is not JSON will not improve on retry.
    if (e instanceof SyntaxError) return { ok: false, retryable: false, why: `invalid JSON: ${e.message}` };
    return { ok: false, retryable: true, why: `request failed: ${errorMessage((e as Error).cause ?? e)}` };
  }
}

function backoffMs(attempt: number, baseMs: number): number {
  const ceiling = Math.min(baseMs * 2 ** attempt, 20_000);
  return ceiling / 2 + Math.random() * (ceiling / 2); // jitter: spread clients that failed together
}

/** Honours `Retry-After: <seconds>` (capped) on 429/503. */
function retryAfterMs(res: Response): number | undefined {
  const seconds = Number(res.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 30_000) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
