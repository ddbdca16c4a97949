import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/index.ts';

// docs/configuration.md is where an operator looks a variable up: it must name exactly what config/index.ts reads,
// with the same defaults. Rows are `| \`VARIABLE\` | default | meaning |`.
const page = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
const rows = new Map<string, string>();
for (const line of page.split('\n')) {
  const cells = line.split('|').map((c) => c.trim());
  const name = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[1] ?? '')?.[1];
  if (name) rows.set(name, cells[2]);
}
const schemaKeys = Object.keys(configSchema.shape);

/** How a parsed default reads in the page; undefined where the page describes it in words (derived, lists). */
function shown(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return undefined;
}

describe('docs/configuration.md', () => {
  it('documents every variable the config schema reads', () => {
    expect(schemaKeys.length).toBeGreaterThan(40);
    expect(schemaKeys.filter((k) => !rows.has(k))).toEqual([]);
  });

  it('documents no variable the config schema does not read', () => {
    expect([...rows.keys()].filter((k) => !schemaKeys.includes(k))).toEqual([]);
  });

  it('gives each variable the default the schema gives it', () => {
    const defaults = configSchema.parse({}) as Record<string, unknown>;
    const wrong = schemaKeys.flatMap((key) => {
      const expected = shown(defaults[key]);
      if (key === 'FOLD') return rows.get(key)!.includes('`all`') ? [] : [`${key}: ${rows.get(key)}, not \`all\``];
      if (expected === undefined) return [];
      return rows.get(key)!.includes(`\`${expected}\``) ? [] : [`${key}: ${rows.get(key)}, not \`${expected}\``];
    });
    expect(wrong).toEqual([]);
  });
});
