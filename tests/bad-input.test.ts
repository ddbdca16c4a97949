import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './helpers/raw-http.ts';
import { waitFor } from './helpers/wait.ts';
import { SAMPLE_PATH } from './helpers/service.ts';
import { startServeProcess, type ServeProcess } from './helpers/server-process.ts';

const ADMIN = 'bad-input-admin-key';
const SEARCH = 'bad-input-search-key';
const admin = { authorization: `Bearer ${ADMIN}` };
const searchKey = { authorization: `Bearer ${SEARCH}` };
const JSON_TYPE = 'application/json';

let svc: ServeProcess;

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

const answer = async (res: Response): Promise<Answer> => ({
  status: res.status,
  contentType: res.headers.get('content-type') ?? '',
  body: await res.text(),
});
const get =
  (url: string, headers: Record<string, string> = admin) =>
  async () =>
    answer(await fetch(svc.base + url, { headers }));
const send =
  (method: string, url: string, body?: string, contentType = JSON_TYPE, headers: Record<string, string> = admin) =>
  async () =>
    answer(
      await fetch(svc.base + url, {
        method,
        body,
        headers: { ...headers, ...(contentType ? { 'content-type': contentType } : {}) },
      }),
    );
const search = (params: Record<string, string>) => get(`/search?${new URLSearchParams(params)}`);
const postSearch = (body: string, contentType = JSON_TYPE) => send('POST', '/search', body, contentType);
const postDocs = (body: string, contentType = JSON_TYPE) => send('POST', '/documents', body, contentType);
const b64 = (bytes: string | Buffer) => Buffer.from(bytes).toString('base64');
/** Bytes fetch() would not send (raw UTF-8, broken framing), over a socket of our own. */
const raw =
  (bytes: string | Buffer, halfClose = false) =>
  async () => {
    const a = await rawRequest(svc.port, bytes, { halfClose });
    expect(a.headers.connection).toBe('close');
    return { status: a.status, contentType: a.headers['content-type'] ?? '', body: a.body };
  };
const request = (line: string, headers = 'Host: 127.0.0.1\r\n', body = '') => `${line}\r\n${headers}\r\n${body}`;

type Row = [name: string, status: number, code: string, send: () => Promise<Answer>, message?: RegExp];

const queryRows: Row[] = [
  ['q missing', 400, 'invalid_request', search({}), /q:/],
  ['q over 1000 characters', 400, 'invalid_request', search({ q: 'あ'.repeat(1001) }), /q:/],
  ['q given twice', 400, 'invalid_request', get('/search?q=a&q=b'), /q:/],
  ['suggest: q missing', 400, 'invalid_request', get('/suggest'), /q:/],
  ['suggest: q over 200 characters', 400, 'invalid_request', get(`/suggest?q=${'あ'.repeat(201)}`), /q:/],
  ['suggest: q given twice', 400, 'invalid_request', get('/suggest?q=a&q=b'), /q:/],
  ['suggest: limit=0', 400, 'invalid_request', get('/suggest?q=a&limit=0'), /limit/],
  ['suggest: a filter of its own', 400, 'invalid_request', get('/suggest?q=a&filter=tags%20%3D%20%22x%22')],
  ['limit=-1', 400, 'invalid_request', search({ q: '普天間', limit: '-1' }), /limit/],
  [
    'offset + limit over 1000',
    400,
    'invalid_request',
    search({ q: '普天間', offset: '995', limit: '10' }),
    /offset \+ limit: at most 1000/,
  ],
  [
    'facets on an attribute that is not filterable',
    400,
    'invalid_request',
    search({ q: '普天間', facets: 'text' }),
    /facet is one of/,
  ],
  [
    'six facets',
    400,
    'invalid_request',
    search({ q: '普天間', facets: 'tags,source,documentId,ordinal,hasVector,tags' }),
    /at most 5 facets/,
  ],
  ['limit=abc', 400, 'invalid_request', search({ q: '普天間', limit: 'abc' }), /limit/],
  ['limit=1000000', 400, 'invalid_request', search({ q: '普天間', limit: '1000000' }), /limit/],
  ['limit=1.5', 400, 'invalid_request', search({ q: '普天間', limit: '1.5' }), /limit/],
  ['offset=-1', 400, 'invalid_request', search({ q: '普天間', offset: '-1' }), /offset/],
  ['offset=5000', 400, 'invalid_request', search({ q: '普天間', offset: '5000' }), /offset/],
  ['unknown mode', 400, 'invalid_request', search({ q: '普天間', mode: 'fuzzy' }), /mode/],
  ['semanticRatio=2', 400, 'invalid_request', search({ q: '普天間', semanticRatio: '2' }), /semanticRatio/],
  ['semanticRatio=-0.1', 400, 'invalid_request', search({ q: '普天間', semanticRatio: '-0.1' }), /semanticRatio/],
  ['semanticRatio=half', 400, 'invalid_request', search({ q: '普天間', semanticRatio: 'half' }), /semanticRatio/],
  ['groupBy=chunk', 400, 'invalid_request', search({ q: '普天間', groupBy: 'chunk' }), /groupBy/],
  ['unknown fusion', 400, 'invalid_request', search({ q: '普天間', fusion: 'max' }), /fusion/],
  ['two-letter locale', 400, 'invalid_request', search({ q: '普天間', locale: 'ja' }), /locale/],
  ['locale Meilisearch does not know', 400, 'invalid_request', search({ q: '普天間', locale: 'zzz' }), /locale/],
  [
    'highlight tag over 100 characters',
    400,
    'invalid_request',
    search({ q: '普天間', highlightPreTag: '<'.repeat(101) }),
    /highlightPreTag/,
  ],
];

const filterRows: Row[] = [
  ['filter with no value', 400, 'invalid_filter', search({ q: '普天間', filter: 'tags =' })],
  [
    'filter with an unbalanced parenthesis',
    400,
    'invalid_filter',
    search({ q: '普天間', filter: '(tags = "a"' }),
    /closing delimiter/,
  ],
  ['filter with an unclosed IN list', 400, 'invalid_filter', search({ q: '普天間', filter: 'tags IN [a' })],
  [
    'filter on a non-filterable attribute',
    400,
    'invalid_filter',
    search({ q: '普天間', filter: 'text = "普天間"' }),
    /not filterable/,
  ],
  [
    'filter _vectors EXISTS',
    400,
    'invalid_filter',
    search({ q: '普天間', filter: '_vectors EXISTS' }),
    /documentId, tags/,
  ],
  ['filter _vectors.x = 1', 400, 'invalid_filter', search({ q: '普天間', filter: '_vectors.x = 1' })],
  [
    'filter _vectors in keyword mode',
    400,
    'invalid_filter',
    search({ q: '普天間', mode: 'keyword', filter: '_vectors EXISTS' }),
  ],
  ['filter with CONTAINS', 400, 'invalid_filter', search({ q: '普天間', filter: 'tags CONTAINS dip' })],
  ['filter _geoRadius', 400, 'invalid_filter', search({ q: '普天間', filter: '_geoRadius(35, 139, 1000)' })],
  [
    'filter nested too deep',
    400,
    'invalid_filter',
    search({ q: '普天間', filter: `${'('.repeat(900)}tags = a${')'.repeat(900)}` }),
    /depth/,
  ],
  ['filter in semantic mode', 400, 'invalid_filter', search({ q: '普天間', mode: 'semantic', filter: 'tags =' })],
  [
    'filter over 2000 characters',
    400,
    'invalid_request',
    search({ q: '普天間', filter: 'tags = a OR '.repeat(200) }),
    /filter/,
  ],
];

const searchBodyRows: Row[] = [
  ['POST /search body not JSON', 400, 'invalid_request', postSearch('{q: 普天間')],
  ['POST /search empty body', 400, 'invalid_request', postSearch('')],
  ['POST /search JSON array', 400, 'invalid_request', postSearch('["普天間"]')],
  ['POST /search JSON null', 400, 'invalid_request', postSearch('null')],
  ['POST /search q a number', 400, 'invalid_request', postSearch('{"q": 5}'), /q:/],
  ['POST /search facets a number', 400, 'invalid_request', postSearch('{"q": "普天間", "facets": 5}'), /facets/],
  ['POST /search limit a word', 400, 'invalid_request', postSearch('{"q": "普天間", "limit": "ten"}'), /limit/],
  [
    'POST /search filter an array',
    400,
    'invalid_request',
    postSearch('{"q": "普天間", "filter": ["tags = a"]}'),
    /filter/,
  ],
  [
    'POST /search filter on _vectors',
    400,
    'invalid_filter',
    postSearch('{"q": "普天間", "filter": "_vectors EXISTS"}'),
  ],
  ['POST /search unknown mode', 400, 'invalid_request', postSearch('{"q": "普天間", "mode": "exact"}'), /mode/],
  // Hono's 415 for a body type the route does not declare gets the catalog's code of that status.
  ['POST /search as text/plain', 415, 'unsupported_media_type', postSearch('{"q": "普天間"}', 'text/plain')],
  ['POST /search without content-type', 415, 'unsupported_media_type', postSearch('{"q": "普天間"}', '')],
  [
    'POST /search as a form',
    415,
    'unsupported_media_type',
    postSearch('q=普天間', 'application/x-www-form-urlencoded'),
  ],
];

const documentRows: Row[] = [
  ['documents body not JSON', 400, 'invalid_request', postDocs('not json')],
  ['documents empty body', 400, 'invalid_request', postDocs('')],
  ['documents {}', 400, 'invalid_request', postDocs('{}')],
  ['documents JSON array of garbage', 400, 'invalid_request', postDocs('[1, "a", null]')],
  ['documents empty JSON array', 400, 'invalid_request', postDocs('[]')],
  ['documents: []', 400, 'invalid_request', postDocs('{"documents": []}'), /documents/],
  ['document without id', 400, 'invalid_request', postDocs('{"text": "本文"}')],
  ['document without text', 400, 'invalid_request', postDocs('{"id": "no-text"}')],
  [
    'document id over 512 characters',
    400,
    'invalid_request',
    postDocs(JSON.stringify({ id: 'a'.repeat(513), text: '本文' })),
    /id/,
  ],
  ['document id a number', 400, 'invalid_request', postDocs('{"id": 7, "text": "本文"}')],
  ['document text empty', 400, 'invalid_request', postDocs('{"id": "empty", "text": ""}'), /text/],
  ['document tags not an array', 400, 'invalid_request', postDocs('{"id": "t", "text": "本文", "tags": "diplomacy"}')],
  [
    'document tag over 200 characters',
    400,
    'invalid_request',
    postDocs(JSON.stringify({ id: 't', text: '本文', tags: ['t'.repeat(201)] })),
    /tags/,
  ],
  ['document url invalid', 400, 'invalid_request', postDocs('{"id": "u", "text": "本文", "url": "not a url"}'), /url/],
  [
    'file content not base64',
    400,
    'invalid_request',
    postDocs('{"id": "f", "filename": "a.txt", "contentBase64": "!!!not base64!!!"}'),
    /base64/,
  ],
  [
    'file content empty',
    400,
    'invalid_request',
    postDocs('{"id": "f", "filename": "a.txt", "contentBase64": ""}'),
    /contentBase64/,
  ],
  ['file without filename', 400, 'invalid_request', postDocs(JSON.stringify({ id: 'f', contentBase64: b64('本文') }))],
  ['NDJSON of blank lines', 400, 'invalid_request', postDocs('\n\n', 'application/x-ndjson'), /no documents/],
  [
    'body over BODY_LIMIT_MB',
    413,
    'payload_too_large',
    postDocs(JSON.stringify({ id: 'big', text: 'あ'.repeat(400_000) })),
    /BODY_LIMIT_MB/,
  ],
  ['documents as text/plain', 415, 'unsupported_media_type', postDocs('{"id": "p", "text": "本文"}', 'text/plain')],
  ['documents as XML', 415, 'unsupported_media_type', postDocs('<doc id="x"/>', 'application/xml')],
  ['document list limit=0', 400, 'invalid_request', get('/documents?limit=0'), /limit/],
  ['document list limit=abc', 400, 'invalid_request', get('/documents?limit=abc'), /limit/],
  ['document list limit=5000', 400, 'invalid_request', get('/documents?limit=5000'), /limit/],
  ['document list offset=-1', 400, 'invalid_request', get('/documents?offset=-1'), /offset/],
];

const idRows: Row[] = [
  ['GET unknown document', 404, 'document_not_found', get('/documents/nope')],
  [
    'GET unknown document, encoded Japanese id',
    404,
    'document_not_found',
    get(`/documents/${encodeURIComponent('会談/メモ 1')}`),
  ],
  ['DELETE unknown document', 404, 'document_not_found', send('DELETE', '/documents/nope')],
  ['GET unknown task', 404, 'task_not_found', get('/tasks/nope')],
  ['unknown route', 404, 'not_found', get('/nope')],
  // No 405s: a route that exists under another method answers like an unknown one.
  ['PUT /search', 404, 'not_found', send('PUT', '/search?q=x')],
  ['DELETE /search', 404, 'not_found', send('DELETE', '/search?q=x')],
  ['POST /suggest', 404, 'not_found', send('POST', '/suggest?q=x')],
  ['PATCH /documents', 404, 'not_found', send('PATCH', '/documents', '{}')],
  ['PUT /documents/{id}', 404, 'not_found', send('PUT', '/documents/sample', '{"id": "sample", "text": "上書き"}')],
  ['POST /health', 404, 'not_found', send('POST', '/health', '{}')],
  ['DELETE /tasks/{id}', 404, 'not_found', send('DELETE', '/tasks/nope')],
];

const authRows: Row[] = [
  ['search without a key', 401, 'unauthorized', get('/search?q=x', {})],
  ['search with an unknown key', 401, 'unauthorized', get('/search?q=x', { authorization: 'Bearer nope' })],
  ['search with Basic auth', 401, 'unauthorized', get('/search?q=x', { authorization: 'Basic YWRtaW46YWRtaW4=' })],
  ['search with an empty Bearer', 401, 'unauthorized', get('/search?q=x', { authorization: 'Bearer ' })],
  ['the key without Bearer', 401, 'unauthorized', get('/search?q=x', { authorization: ADMIN })],
  ['POST /search without a key', 401, 'unauthorized', send('POST', '/search', '{"q": "x"}', JSON_TYPE, {})],
  [
    'POST /documents without a key',
    401,
    'unauthorized',
    send('POST', '/documents', '{"id": "k", "text": "x"}', JSON_TYPE, {}),
  ],
  ['GET /documents/{id} without a key', 401, 'unauthorized', get('/documents/sample', {})],
  ['GET /metrics without a key', 401, 'unauthorized', get('/metrics', {})],
  ['document list with the search key', 403, 'forbidden', get('/documents', searchKey)],
  [
    'POST /documents with the search key',
    403,
    'forbidden',
    send('POST', '/documents', '{"id": "k", "text": "x"}', JSON_TYPE, searchKey),
  ],
  [
    'DELETE /documents/{id} with the search key',
    403,
    'forbidden',
    send('DELETE', '/documents/sample', undefined, '', searchKey),
  ],
  ['GET /tasks/{id} with the search key', 403, 'forbidden', get('/tasks/nope', searchKey)],
  ['GET /metrics with the search key', 403, 'forbidden', get('/metrics', searchKey)],
];

const auth = `Authorization: Bearer ${ADMIN}\r\n`;
const host = 'Host: 127.0.0.1\r\n';
const protocolRows: Row[] = [
  [
    'raw UTF-8 in the query string',
    400,
    'invalid_request',
    raw(Buffer.from(request('GET /search?q=会談はどこで行われたか HTTP/1.1'))),
    /percent-encode.*--data-urlencode/,
  ],
  [
    'raw UTF-8 in the path',
    400,
    'invalid_request',
    raw(Buffer.from(request('GET /documents/会談 HTTP/1.1'))),
    /percent-encode/,
  ],
  ['garbage request line', 400, 'invalid_request', raw('HELLO KENSAKU\r\n\r\n'), /malformed/],
  ['unknown HTTP version', 400, 'invalid_request', raw(request('GET /health HTTP/9.9')), /malformed/],
  ['space in the URL', 400, 'invalid_request', raw(request('GET /search?q=a b HTTP/1.1')), /malformed/],
  ['control byte in the URL', 400, 'invalid_request', raw(request('GET /search?q=a\u0001b HTTP/1.1')), /malformed/],
  ['method with a bad character', 400, 'invalid_request', raw(request('G@T /health HTTP/1.1')), /malformed/],
  ['bare LF line endings', 400, 'invalid_request', raw('GET /health HTTP/1.1\nHost: 127.0.0.1\n\n'), /malformed/],
  ['20 kB URL', 431, 'header_too_large', raw(request(`GET /search?q=${'a'.repeat(20_000)} HTTP/1.1`)), /POST \/search/],
  [
    '20 kB header',
    431,
    'header_too_large',
    raw(request('GET /health HTTP/1.1', `${host}X-Padding: ${'a'.repeat(20_000)}\r\n`)),
  ],
  [
    'Content-Length not a number',
    400,
    'invalid_request',
    raw(request('POST /search HTTP/1.1', `${host}${auth}Content-Type: application/json\r\nContent-Length: abc\r\n`)),
    /Content-Length/,
  ],
  [
    'Content-Length twice',
    400,
    'invalid_request',
    raw(
      request(
        'POST /search HTTP/1.1',
        `${host}${auth}Content-Type: application/json\r\nContent-Length: 9\r\nContent-Length: 10\r\n`,
        '{"q":"x"}',
      ),
    ),
    /Content-Length/,
  ],
  [
    'negative Content-Length',
    400,
    'invalid_request',
    raw(request('POST /search HTTP/1.1', `${host}${auth}Content-Length: -1\r\n`)),
    /Content-Length/,
  ],
  [
    'Content-Length with chunked',
    400,
    'invalid_request',
    raw(
      request(
        'POST /documents HTTP/1.1',
        `${host}${auth}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n`,
        '0\r\n\r\n',
      ),
    ),
    /malformed/,
  ],
  [
    'unknown Transfer-Encoding',
    400,
    'invalid_request',
    raw(
      request(
        'POST /documents HTTP/1.1',
        `${host}${auth}Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n`,
      ),
    ),
    /Transfer-Encoding/,
  ],
  [
    'bad chunk size',
    400,
    'invalid_request',
    raw(
      request(
        'POST /documents HTTP/1.1',
        `${host}${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n`,
        'zz\r\n{}\r\n',
      ),
    ),
    /chunk/,
  ],
  [
    'header name with a space',
    400,
    'invalid_request',
    raw(request('GET /health HTTP/1.1', `${host}Bad Header: 1\r\n`)),
    /malformed/,
  ],
  [
    'body shorter than its Content-Length',
    400,
    'invalid_request',
    raw(
      request(
        'POST /search HTTP/1.1',
        `${host}${auth}Content-Type: application/json\r\nContent-Length: 100\r\n`,
        '{"q":"x"}',
      ),
      true,
    ),
    /Content-Length/,
  ],
];

const rows = [...queryRows, ...filterRows, ...searchBodyRows, ...documentRows, ...idRows, ...authRows, ...protocolRows];

interface Task {
  status: string;
  counts: Record<string, number>;
  errors: { documentId: string; message: string }[];
}

function waitTask(taskId: string): Promise<Task> {
  return waitFor(
    `task ${taskId} to finish`,
    async () => {
      const task = (await (await fetch(`${svc.base}/tasks/${taskId}`, { headers: admin })).json()) as Task;
      return task.status === 'succeeded' || task.status === 'failed' ? task : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 100 },
  );
}

async function indexed(body: string, contentType = JSON_TYPE): Promise<Task> {
  const res = await fetch(`${svc.base}/documents`, {
    method: 'POST',
    body,
    headers: { ...admin, 'content-type': contentType },
  });
  expect(res.status).toBe(202);
  return waitTask(((await res.json()) as { taskId: string }).taskId);
}

const chunkIds = async (mode: string) => {
  const res = await fetch(`${svc.base}/search?${new URLSearchParams({ q: '普天間', mode })}`, { headers: admin });
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: { chunkId: string }[] }).hits.map((h) => h.chunkId);
};
const sampleInfo = async () => (await fetch(`${svc.base}/documents/sample`, { headers: admin })).json();

let before: { keyword: string[]; hybrid: string[]; info: unknown };

beforeAll(async () => {
  svc = await startServeProcess({ ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH, BODY_LIMIT_MB: '1' });
  const sample = {
    id: 'sample',
    filename: path.basename(SAMPLE_PATH),
    contentBase64: readFileSync(SAMPLE_PATH).toString('base64'),
  };
  expect((await indexed(JSON.stringify(sample))).status).toBe('succeeded');
  before = { keyword: await chunkIds('keyword'), hybrid: await chunkIds('hybrid'), info: await sampleInfo() };
  expect(before.keyword.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await svc?.stop();
});

describe(`${rows.length} malformed requests to kensaku serve`, () => {
  it.each(rows)('%s → %i %s', async (_name, status, code, sendRow, message) => {
    const res = await sendRow();
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toEqual(expect.any(String));
    expect(body.error.message.length).toBeGreaterThan(0);
    if (message) expect(body.error.message).toMatch(message);
  });
});

describe('documents refused inside a batch', () => {
  // The request is accepted (202); the task names each refused document, and the rest of the batch is indexed.
  it.each([
    [
      'unsupported file extension',
      { id: 'exe', filename: 'setup.exe', contentBase64: b64('MZ') },
      /setup\.exe: unsupported file type/,
    ],
    [
      'bytes that decode as no text encoding',
      {
        id: 'bin',
        filename: 'photo.txt',
        contentBase64: b64(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00, 0x00, 0x81, 0x82])),
      },
      /photo\.txt: cannot decode/,
    ],
    [
      'a PDF that is not one',
      { id: 'pdf', filename: 'report.pdf', contentBase64: b64('not a pdf') },
      /report\.pdf: cannot read PDF/,
    ],
    ['content that is not base64', { id: 'b64', filename: 'notes.txt', contentBase64: '!!!' }, /not base64/],
    ['a document without text', { id: 'notext', title: '題名' }, /text/],
    // A file's records pass the body's rules (indexer/formats/document-schema.ts): no numeric ids, no over-long fields.
    [
      'a JSONL file with a numeric id',
      { id: 'jsonl', filename: 'records.jsonl', contentBase64: b64('{"id": 7, "text": "本文"}') },
      /^records\.jsonl line 1: id: must be a string, not number$/,
    ],
    [
      'a JSON file with a title over 1000 characters',
      {
        id: 'json',
        filename: 'records.json',
        contentBase64: b64(JSON.stringify([{ id: 'r', title: '題'.repeat(1001), text: '本文' }])),
      },
      /^records\.json record 0: title: at most 1000 characters$/,
    ],
  ])('%s', async (_name, bad, message) => {
    const good = { id: 'batch-good', text: '兼六園は金沢市にある日本庭園である。' };
    const task = await indexed(JSON.stringify({ documents: [good, bad] }));
    expect(task.status).toBe('succeeded');
    expect(task.counts.failed).toBe(1);
    expect(task.errors).toEqual([{ documentId: bad.id, message: expect.stringMatching(message) }]);
    expect((await fetch(`${svc.base}/documents/${bad.id}`, { headers: admin })).status).toBe(404);
    expect((await fetch(`${svc.base}/documents/batch-good`, { headers: admin })).status).toBe(200);
  });

  it('names a broken NDJSON line by number and indexes the others', async () => {
    const task = await indexed(
      '{"id": "nd-1", "text": "阿蘇山は熊本県の火山である。"}\n{"id": "nd-2", "text": \n',
      'application/x-ndjson',
    );
    expect(task.status).toBe('succeeded');
    expect(task.errors).toEqual([{ documentId: '#1', message: 'line 2 is not valid JSON' }]);
    expect((await fetch(`${svc.base}/documents/nd-1`, { headers: admin })).status).toBe(200);
  });

  it('fails the task when every NDJSON line is broken', async () => {
    const task = await indexed('{broken\n[also broken\n', 'application/x-ndjson');
    expect(task.status).toBe('failed');
    expect(task.errors.map((e) => e.message)).toEqual(['line 1 is not valid JSON', 'line 2 is not valid JSON']);
  });
});

describe('after the malformed requests', () => {
  it('still answers /health and serves the sample as before', async () => {
    for (const id of ['batch-good', 'nd-1']) {
      const res = await fetch(`${svc.base}/documents/${id}`, { method: 'DELETE', headers: admin });
      expect((await waitTask(((await res.json()) as { taskId: string }).taskId)).status).toBe('succeeded');
    }
    const health = await fetch(`${svc.base}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    expect(await sampleInfo()).toEqual(before.info);
    expect(await chunkIds('keyword')).toEqual(before.keyword);
    expect(await chunkIds('hybrid')).toEqual(before.hybrid);
    // At LOG_LEVEL=warn nothing above: no request here was a fault of the service's.
    expect(svc.output()).not.toMatch(/"level":(50|60)/);
  });
});
