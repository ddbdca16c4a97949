// Totals over the rounds: rates, ratios to the best raw onnxruntime rate, the e2e target and the vector cosines.
import { cosine } from '../../../embeddings/vector-math.ts';
import { round as r3 } from '../../lib/format.ts';
import type { E2eTarget, VariantResult } from './types.ts';
import type { Measurement, Variant } from './variants/types.ts';

type Per = Map<string, Measurement[]>;
type Best = { name: string; rate: number } | null;

const sum = (ms: Measurement[], f: (m: Measurement) => number) => ms.reduce((s, m) => s + f(m), 0);

/** The fastest onnxruntime anchor over all rounds (every ratio is taken against it), or the fastest of `among`. */
export function bestOrt(variants: Variant[], per: Per, among?: (name: string) => boolean): Best {
  const rateOf = (name: string) => {
    const ms = per.get(name) ?? [];
    return sum(ms, (m) => m.passages) / sum(ms, (m) => m.seconds);
  };
  const ortNames = variants.filter((v) => v.kind === 'anchor-ort' && (among?.(v.name) ?? true)).map((v) => v.name);
  return ortNames.map((name) => ({ name, rate: rateOf(name) })).sort((a, b) => b.rate - a.rate)[0] ?? null;
}

export function variantResults(variants: Variant[], per: Per, best: Best): VariantResult[] {
  const bestRounds = best ? per.get(best.name)! : [];
  return variants.map((v) => {
    const ms = per.get(v.name)!;
    const seconds = sum(ms, (m) => m.seconds);
    const n = sum(ms, (m) => m.passages);
    const details: Record<string, number> = {};
    for (const m of ms) for (const [k, x] of Object.entries(m.detail ?? {})) details[k] = (details[k] ?? 0) + x;
    const other = ms.some((m) => m.otherCpu !== undefined) ? sum(ms, (m) => m.otherCpu ?? 0) / seconds : undefined;
    let oneCall: VariantResult['oneCall'];
    if (v.kind === 'e2e' && ms.length > 1 && details.tail_s !== undefined) {
      // Each round's call ends waiting for its last write; one call over the corpus would wait once.
      const s1 = seconds - details.tail_s + details.tail_s / ms.length;
      oneCall = { seconds: r3(s1), rate: r3(n / s1), ratioToBestOrt: best ? r3(n / s1 / best.rate) : NaN };
    }
    return {
      name: v.name,
      label: v.label,
      kind: v.kind,
      passages: n,
      seconds: r3(seconds),
      rate: r3(n / seconds),
      ratioToBestOrt: best ? r3(n / seconds / best.rate) : NaN,
      roundRates: ms.map((m) => r3(m.passages / m.seconds)),
      roundRatios: ms.map((m, i) =>
        r3(bestRounds[i] ? m.passages / m.seconds / (bestRounds[i].passages / bestRounds[i].seconds) : NaN),
      ),
      nodeCores: r3(sum(ms, (m) => m.nodeCpu) / seconds, 2),
      ...(other !== undefined ? { otherCores: r3(other, 2) } : {}),
      ...(Object.keys(details).length
        ? { detail: Object.fromEntries(Object.entries(details).map(([k, x]) => [k, r3(x)])) }
        : {}),
      ...(oneCall ? { oneCall } : {}),
      ...(v.info ? { info: v.info } : {}),
    };
  });
}

/** Same computation, different engines? Cosines of the first round's kept vectors against local-b1's. */
export function vectorChecks(per: Per): Record<string, number> {
  const checks: Record<string, number> = {};
  const byId = (name: string) => {
    const m = per.get(name)?.[0];
    return new Map((m?.vectorIds ?? []).map((id, i) => [id, m!.vectors![i]] as const).filter(([, v]) => v));
  };
  const ref = byId('local-b1');
  for (const other of ['py-ort-single', 'py-ort-sorted16', 'py-ort-par', 'pool-b1']) {
    const cos = [...byId(other)].filter(([id]) => ref.has(id)).map(([id, v]) => cosine(v, ref.get(id)!));
    if (cos.length) checks[`cosine local-b1 vs ${other} (min over ${cos.length} passages)`] = r3(Math.min(...cos), 4);
  }
  return checks;
}

/**
 * End-to-end indexing should reach 0.9× the best raw runtime (measured, or as one call); the ablation is exempt.
 * `single` is the best one-session anchor (the rows), shown beside it: the parallel anchor is usually best.
 */
export function e2eTargets(results: VariantResult[], best: Best, single: Best): E2eTarget[] {
  return results
    .filter((x) => x.kind === 'e2e' && x.name !== 'e2e-no-meili' && best)
    .map((x) => ({
      variant: x.name,
      ratio: x.ratioToBestOrt,
      oneCallRatio: x.oneCall?.ratioToBestOrt,
      ...(single && single.name !== best!.name
        ? {
            vsOneSession: {
              name: single.name,
              ratio: r3(x.rate / single.rate),
              oneCallRatio: x.oneCall ? r3(x.oneCall.rate / single.rate) : undefined,
            },
          }
        : {}),
      target: 0.9,
      met: Math.max(x.ratioToBestOrt, x.oneCall?.ratioToBestOrt ?? 0) >= 0.9,
    }));
}
