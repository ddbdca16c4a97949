import { parseHTML } from 'linkedom';
import { writeDomText, type DomNode } from './dom-text.ts';
import type { TextBuilder } from './structured-text.ts';

const TAG_OR_COMMENT = /<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z][^>]*>?/g;
const SCRIPT_OR_STYLE = /<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;

/**
 * Raw HTML inside Markdown (`<div class="options-api">`, `<script setup>`, Vue components) reduced to its text:
 * script and style dropped, Vue `<template>` slots kept (they are visible). Prose lines go through `line`, so the
 * Markdown rules (container fences, interpolation) apply to them too; headings and `<pre>` stay structure.
 */
export function htmlFragmentText(html: string, out: TextBuilder, line: (text: string) => void): void {
  const withoutCode = html.replace(SCRIPT_OR_STYLE, '');
  // Most blocks are bare tags (`<div class="…">`, `</div>`, `<Home />`): nothing to parse.
  if (withoutCode.replace(TAG_OR_COMMENT, '').trim() === '') return;
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${withoutCode}</body></html>`);
  const lines: TextBuilder = { ...out, line };
  writeDomText(Array.from(document.body.childNodes) as unknown as DomNode[], lines, { keepTemplates: true });
}
