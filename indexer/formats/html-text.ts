import { Parser } from 'htmlparser2';

/** Elements whose content is not visible text. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'iframe', 'object']);
/** Elements that start a new line in the extracted text (a paragraph for the chunker). */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);
const HEADING = /^h([1-6])$/;
/** HTML whitespace only: the full-width space U+3000 is content in Japanese text. */
const HTML_SPACE = /[ \t\n\f\r]+/g;

/**
 * Visible text of an HTML page, one block element per line, with h1–h6 written as Markdown `#`
 * lines so the chunker treats them as headings. Title: <title>, else the first h1.
 */
export function htmlToText(html: string): { title: string; text: string } {
  const out: string[] = [];
  let hidden = 0;
  let inTitle = false;
  let inSvg = 0; // SVG has <title> elements of its own: they are not the page title
  let title = '';
  let heading: string | undefined; // text of the open h1–h6, undefined outside one
  let firstH1: string | undefined;
  // Inside a heading every break becomes a space: the heading must stay one line.
  const lineBreak = () => out.push(heading === undefined ? '\n' : ' ');
  const parser = new Parser({
    onopentag(name) {
      if (name === 'svg') inSvg++;
      if (name === 'title' && inSvg === 0) inTitle = true;
      if (HIDDEN.has(name)) hidden++;
      if (hidden > 0) return;
      const level = HEADING.exec(name)?.[1];
      if (level && heading === undefined) {
        out.push(`\n${'#'.repeat(Number(level))} `);
        heading = '';
      } else if (BLOCK.has(name)) lineBreak();
      else if (name === 'td' || name === 'th') out.push(' ');
    },
    ontext(data) {
      if (inTitle) title += data;
      if (hidden > 0 || inTitle) return;
      const text = data.replace(HTML_SPACE, ' ');
      out.push(text);
      if (heading !== undefined) heading += text;
    },
    onclosetag(name) {
      if (name === 'svg') inSvg = Math.max(0, inSvg - 1);
      if (name === 'title') inTitle = false;
      if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
      if (hidden > 0) return;
      if (HEADING.test(name) && heading !== undefined) {
        if (name === 'h1') firstH1 ??= heading.trim();
        heading = undefined;
        out.push('\n');
      } else if (BLOCK.has(name)) lineBreak();
    },
  });
  parser.end(html);
  // An empty <h2></h2> leaves a bare '##': drop it with the blank lines.
  const lines = out.join('').split('\n').map((line) => line.trim()).filter((line) => !/^#*$/.test(line));
  return { title: title.replace(HTML_SPACE, ' ').trim() || firstH1 || '', text: lines.join('\n') };
}
