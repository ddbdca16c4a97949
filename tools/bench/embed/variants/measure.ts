// Helpers the in-process variants share: timing a piece of work and keeping a few vectors for the cosine checks.
import { selfCpuSeconds } from '../../../lib/proc.ts';

/** Runs `work` and measures wall time and this process's CPU time. */
export async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; nodeCpu: number }> {
  const cpu0 = selfCpuSeconds();
  const t0 = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - t0) / 1000, nodeCpu: selfCpuSeconds() - cpu0 };
}

export const firstVectors = (vectors: ArrayLike<number>[], keep: number) =>
  vectors.slice(0, keep).map((v) => Array.from(v, (x) => Math.round(x * 1e6) / 1e6));
