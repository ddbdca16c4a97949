// The soak harness (tools/soak) in short, as a child process: a few seconds, a few clients, then the verification.
// Light on CPU: six clients against one kensaku for four seconds; then a short chaos run (one kill of the API, one of
// its Meilisearch) at the product's default rate limits, the configuration that once made the soak fail.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finished, meiliPids } from './helpers/process.ts';
import { ROOT } from './helpers/service.ts';

const KINDS = ['search:hybrid', 'search:keyword', 'search:semantic', 'write', 'delete'];

/** Runs `npm run soak` with these flags against its own kensaku; no key or rate limit of ours leaks into it. */
async function soak(flags: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/soak/run.ts', ...flags, '--no-json'], {
    cwd: ROOT,
    env: {
      ...process.env,
      MEILI_URL: '',
      MEILI_MASTER_KEY: '',
      ADMIN_KEY: '',
      SEARCH_KEY: '',
      RATE_LIMIT_PER_MINUTE: '',
      RATE_LIMIT_ANON_PER_MINUTE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { code, stdout, stderr } = await finished(child);
  return { code, stdout, stderr, context: `stdout:\n${stdout}\nstderr:\n${stderr.slice(-3000)}` };
}

/** It cleans up after itself: no Meilisearch left on its DATA_DIR, which is removed. */
function expectCleanedUp(stderr: string) {
  const dataDir = /DATA_DIR (\S+)/.exec(stderr)?.[1];
  expect(dataDir, stderr).toBeTruthy();
  expect(meiliPids(dataDir!)).toEqual([]);
  expect(existsSync(dataDir!)).toBe(false);
}

describe('npm run soak', () => {
  it('runs a short soak against its own kensaku and reports every kind, nothing lost, a PASS verdict', async () => {
    const { code, stdout, stderr, context } = await soak(['--duration', '4', '--clients', '6', '--settle', '60']);
    expect(code, context).toBe(0);
    for (const kind of KINDS) expect(stdout, context).toMatch(new RegExp(`^${kind}\\s+\\d+\\s+\\d+`, 'm'));
    expect(stdout).toMatch(/^lost: acknowledged write missing\s+0$/m);
    expect(stdout).toMatch(/^resurrected: acknowledged delete still present\s+0$/m);
    expect(stdout).toMatch(/^writes acknowledged \(202\)\s+[1-9]\d*$/m);
    expect(stdout).toMatch(/^VERDICT: PASS/m);
    expectCleanedUp(stderr);
  }, 240_000);

  it('passes a short chaos run at the default rate limits: no 429, every acknowledged write verified', async () => {
    const { code, stdout, stderr, context } = await soak([
      '--chaos',
      '--kills',
      '2',
      '--duration',
      '20',
      '--clients',
      '20',
      '--recovery',
      '60',
      '--settle',
      '180',
    ]);
    expect(code, context).toBe(0);
    expect(stdout, context).toMatch(/^VERDICT: PASS/m);
    expect(stdout, context).toMatch(/^2 kills \(1 API, 1 Meilisearch\); 0 skipped$/m);
    // Throttled clients or checks would show here: 429s as errors, checks that kept failing as unverifiable.
    expect(stdout, context).not.toMatch(/\b429×/);
    expect(stdout, context).toMatch(/^unverifiable: checks kept failing\s+0$/m);
    expect(stdout, context).toMatch(/^lost: acknowledged write missing\s+0$/m);
    expect(stdout, context).toMatch(/^present: acknowledged, not deleted, there once\s+[1-9]\d*$/m);
    expectCleanedUp(stderr);
  }, 600_000);
});
