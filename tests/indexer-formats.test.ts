import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../indexer/chunker.ts';
import { parseFile } from '../indexer/formats/index.ts';
import { asciiPdf, japanesePdf } from './fixtures/indexer-pdf.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const kensakuError = (code: string, ...inMessage: string[]) =>
  expect.objectContaining({ code, message: expect.stringMatching(new RegExp(inMessage.join('.*'))) });

describe('parseFile: text and Markdown', () => {
  it('leaves a .txt title empty for the chunker and uses the file name as id', async () => {
    const [doc] = await parseFile('notes\\2024\\memo.txt', utf8('会議メモ\n本日の会議では予算案を審議した。'));
    expect(doc).toMatchObject({ id: 'notes/2024/memo.txt', title: '', source: 'notes/2024/memo.txt' });
    expect(chunkDocument(doc).map((c) => [c.title, c.text])).toEqual([
      ['会議メモ', '本日の会議では予算案を審議した。'],
    ]);
  });

  it('takes the first # heading of Markdown as title and keeps headings for the chunker', async () => {
    const md = '# 運用手引き\n\n## 障害対応\n\n障害が起きたら当番に連絡する。連絡先は別紙のとおり。\n';
    const [doc] = await parseFile('guide.md', utf8(md), { documentId: 'guide' });
    expect(doc).toMatchObject({
      id: 'guide',
      title: '運用手引き',
      text: '# 運用手引き\n## 障害対応\n障害が起きたら当番に連絡する。連絡先は別紙のとおり。',
    });
    expect(chunkDocument(doc).map((c) => c.headingPath)).toEqual([['運用手引き', '障害対応']]);
  });
});

describe('parseFile: HTML', () => {
  const html = `<!doctype html><html><head><title>  お知らせ &amp; 更新 </title>
    <style>.secret { color: red }</style><script>var tracking = "SCRIPT_TEXT";</script></head>
    <body><noscript>NOSCRIPT_TEXT</noscript><template><p>TEMPLATE_TEXT</p></template>
    <h1>サイト名</h1><svg><title>SVG_TITLE</title><text>SVG_TEXT</text></svg><p>これは最初の段落です。<br>改行の後の文です。</p>
    <h2>システム  &lt;メンテナンス&gt;</h2><div><p>3月1日に  停止します。</p><ul><li>対象：検索</li></ul></div>
    </body></html>`;

  it('extracts visible text only, one block per line, with headings as # lines', async () => {
    const [doc] = await parseFile('news.html', utf8(html));
    expect(doc.title).toBe('お知らせ & 更新');
    for (const hidden of ['SCRIPT_TEXT', 'NOSCRIPT_TEXT', 'TEMPLATE_TEXT', 'SVG_', 'secret', 'お知らせ'])
      expect(doc.text).not.toContain(hidden);
    expect(doc.text).toBe(
      '# サイト名\nこれは最初の段落です。\n改行の後の文です。\n## システム <メンテナンス>\n3月1日に 停止します。\n対象：検索',
    );
  });

  it('makes an h2 the heading of the text below it', async () => {
    const [doc] = await parseFile('news.htm', utf8(html));
    const chunk = chunkDocument(doc).find((c) => c.text.includes('停止します'));
    expect(chunk?.headingPath).toEqual(['サイト名', 'システム <メンテナンス>']);
  });

  it('falls back to the first h1 for the title', async () => {
    const [doc] = await parseFile(
      'page.html',
      utf8('<body><svg><title>icon</title></svg><h1>第一報</h1><p>本文です。</p></body>'),
    );
    expect(doc.title).toBe('第一報');
  });
});

describe('parseFile: PDF', () => {
  it('reads the text layer of every page and the Title metadata', async () => {
    const bytes = await asciiPdf('Quarterly report', [
      'Sales grew in the first quarter.',
      'Costs fell in the second quarter.',
    ]);
    const [doc] = await parseFile('report.pdf', bytes);
    expect(doc).toMatchObject({ id: 'report.pdf', title: 'Quarterly report' });
    expect(doc.text).toBe('Sales grew in the first quarter.\nCosts fell in the second quarter.');
    // pdf.js detaches the array it is given; the caller's buffer must survive (it may be reused or retried).
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it('reads Japanese text written with a predefined CJK CMap (UniJIS-UCS2-H)', async () => {
    const [doc] = await parseFile('mofa.pdf', await japanesePdf('日米外相会談の概要。'));
    expect(doc.text).toBe('日米外相会談の概要。');
  });

  it('refuses bytes that are not a PDF, naming the file', async () => {
    await expect(parseFile('fake.pdf', utf8('not a pdf at all'))).rejects.toThrowError(
      kensakuError('invalid_document', 'fake.pdf'),
    );
  });
});

describe('parseFile: JSON and JSONL', () => {
  it('reads a JSON array of records with their own ids, url and tags', async () => {
    const records = [
      { id: 'a', title: '議事録', text: '予算を審議した。', url: 'https://example.jp/a', tags: ['会議'] },
      { id: '7', text: '人事を報告した。' },
    ];
    const docs = await parseFile('records.json', utf8(JSON.stringify(records)));
    expect(docs).toEqual([
      {
        id: 'a',
        title: '議事録',
        text: '予算を審議した。',
        url: 'https://example.jp/a',
        tags: ['会議'],
        source: 'records.json',
      },
      { id: '7', title: '', text: '人事を報告した。', source: 'records.json' },
    ]);
  });

  // The rules of a POST /documents body (indexer/formats/document-schema.ts), in the file's own field names.
  it.each([
    ['a numeric id', '{"id":7,"text":"本文。"}', /data\.jsonl line 1: id: must be a string, not number/],
    [
      'an id over 512 characters',
      JSON.stringify({ id: 'a'.repeat(513), text: '本文。' }),
      /data\.jsonl line 1: id: at most 512 characters/,
    ],
    ['a blank id', '{"id":"  ","text":"本文。"}', /data\.jsonl line 1: id: must not be blank/],
    [
      'a title over 1000 characters',
      JSON.stringify({ id: 'a', title: '題'.repeat(1001), text: '本文。' }),
      /data\.jsonl line 1: title: at most 1000 characters/,
    ],
    [
      'tags as one string',
      '{"id":"a","text":"本文。","tags":"会議"}',
      /data\.jsonl line 1: tags: must be an array of strings, not string/,
    ],
    [
      'a tag over 200 characters',
      JSON.stringify({ id: 'a', text: '本文。', tags: ['t'.repeat(201)] }),
      /data\.jsonl line 1: tags\.0: at most 200 characters/,
    ],
    [
      'a url that is not one',
      '{"id":"a","text":"本文。","url":"not a url"}',
      /data\.jsonl line 1: url: must be an absolute URL/,
    ],
    [
      'a numeric id under a custom field name',
      '{"key":7,"body":"本文。"}',
      /data\.jsonl line 1: key: must be a string, not number/,
    ],
  ])('refuses a record with %s, naming the file, line and field', async (_name, line, message) => {
    const json = line.includes('"key"') ? { idField: 'key', textField: 'body' } : undefined;
    await expect(parseFile('data.jsonl', utf8(line), { json })).rejects.toThrowError(
      expect.objectContaining({ code: 'invalid_document', message: expect.stringMatching(message) }),
    );
  });

  it('refuses a numeric id in a JSON array, naming the record', async () => {
    await expect(parseFile('x.json', utf8('[{"id":"a","text":"a"},{"id":7,"text":"b"}]'))).rejects.toThrowError(
      kensakuError('invalid_document', 'x.json record 1: id: must be a string, not number'),
    );
  });

  it('reads a single JSON record', async () => {
    const docs = await parseFile('one.json', utf8('{"id":"x","text":"本文。"}'));
    expect(docs.map((d) => d.id)).toEqual(['x']);
  });

  it('reads JSONL with custom field names, skipping blank lines', async () => {
    const lines = [
      '{"key":"k1","heading":"第一","body":"一つ目の本文。"}',
      '',
      '{"key":"k2","heading":"第二","body":"二つ目の本文。"}',
    ];
    const docs = await parseFile('data.jsonl', utf8(lines.join('\n')), {
      json: { idField: 'key', titleField: 'heading', textField: 'body' },
    });
    expect(docs.map((d) => [d.id, d.title, d.text])).toEqual([
      ['k1', '第一', '一つ目の本文。'],
      ['k2', '第二', '二つ目の本文。'],
    ]);
  });

  it('refuses a JSONL record without text, naming the file and line', async () => {
    const lines = ['{"id":"ok","text":"本文。"}', '{"id":"bad","title":"本文なし"}'];
    await expect(parseFile('data.jsonl', utf8(lines.join('\n')))).rejects.toThrowError(
      kensakuError('invalid_document', 'data.jsonl', 'line 2', 'text'),
    );
  });

  it('refuses a JSON record without id, naming the file and record', async () => {
    await expect(parseFile('x.json', utf8('[{"id":"a","text":"a"},{"text":"b"}]'))).rejects.toThrowError(
      kensakuError('invalid_document', 'x.json', 'record 1', 'id'),
    );
  });

  it('refuses malformed JSONL, naming the line', async () => {
    await expect(parseFile('bad.jsonl', utf8('{"id":"a","text":"a"}\n{oops'))).rejects.toThrowError(
      kensakuError('invalid_document', 'bad.jsonl', 'line 2'),
    );
  });
});

describe('parseFile: unsupported formats', () => {
  it('refuses an unknown extension, naming the file', async () => {
    await expect(parseFile('slides.pptx', utf8('x'))).rejects.toThrowError(
      kensakuError('unsupported_format', 'slides.pptx'),
    );
  });

  it('matches extensions case-insensitively', async () => {
    const [doc] = await parseFile('README.MD', utf8('# 説明\n本文です。'));
    expect(doc.title).toBe('説明');
  });
});
