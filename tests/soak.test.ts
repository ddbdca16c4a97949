// The soak harness (bench/soak.ts) in short: a few seconds, a few clients, no chaos, as a child process. Light on
// CPU: six clients against one kensaku for four seconds, then the verification.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finished, meiliPids } from './helpers/process.ts';
import { ROOT } from './helpers/service.ts';

const KINDS = ['search:hybrid', 'search:keyword', 'search:semantic', 'write', 'delete'];

describe('npm run soak', () => {
  it('runs a short soak against its own kensaku and reports every kind, nothing lost, a PASS verdict', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/soak/run.ts', '--duration', '4', '--clients', '6', '--settle', '60', '--no-json'], {
      cwd: ROOT,
      env: { ...process.env, MEILI_URL: '', MEILI_MASTER_KEY: '', ADMIN_KEY: '', SEARCH_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { code, stdout, stderr } = await finished(child);
    const context = `stdout:\n${stdout}\nstderr:\n${stderr.slice(-3000)}`;
    expect(code, context).toBe(0);
    for (const kind of KINDS) expect(stdout, context).toMatch(new RegExp(`^${kind}\\s+\\d+\\s+\\d+`, 'm'));
    expect(stdout).toMatch(/^lost: acknowledged write missing\s+0$/m);
    expect(stdout).toMatch(/^resurrected: acknowledged delete still present\s+0$/m);
    expect(stdout).toMatch(/^writes acknowledged \(202\)\s+[1-9]\d*$/m);
    expect(stdout).toMatch(/^VERDICT: PASS/m);
    // It cleans up after itself: no Meilisearch left on its DATA_DIR, which is removed.
    const dataDir = /DATA_DIR (\S+)/.exec(stderr)?.[1];
    expect(dataDir, stderr).toBeTruthy();
    expect(meiliPids(dataDir!)).toEqual([]);
    expect(existsSync(dataDir!)).toBe(false);
  }, 240_000);
});
