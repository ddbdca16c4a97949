import { createRoute, z } from '@hono/zod-openapi';
import type { ChunkStore } from '../../store/chunk-store.ts';
import { createRouter } from '../router.ts';
import { json } from '../json-content.ts';
import { errorSchema } from '../errors.ts';
import {
  documentInfoSchema,
  documentPageQuerySchema,
  documentPageSchema,
  documentsBodySchema,
  taskSchema,
} from '../documents/schemas.ts';
import { parseDocumentsBody } from '../documents/parse-documents.ts';
import { KensakuError } from '../../errors/kensaku-error.ts';
import type { IndexingService } from '../../service/indexing-service.ts';
import type { TaskRecord } from '../../domain/tasks.ts';
import type { DocumentRecord } from '../../domain/documents.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const postDocs = createRoute({
  method: 'post',
  path: '/documents',
  summary: 'Index documents (JSON, {documents:[...]}, NDJSON, or base64 files); returns a task',
  request: {
    body: {
      content: { 'application/json': { schema: documentsBodySchema }, 'application/x-ndjson': { schema: z.string() } },
    },
  },
  responses: {
    202: json(z.object({ taskId: z.string() }), 'Accepted'),
    400: json(errorSchema, 'Unreadable body'),
    413: json(errorSchema, 'Body too large'),
  },
});
const listDocs = createRoute({
  method: 'get',
  path: '/documents',
  summary: 'The indexed documents, a page at a time, in index order',
  request: { query: documentPageQuerySchema },
  responses: {
    200: json(documentPageSchema, 'One page of document metadata'),
    400: json(errorSchema, 'Bad limit or offset'),
  },
});
const getDoc = createRoute({
  method: 'get',
  path: '/documents/{id}',
  request: { params: idParam },
  responses: { 200: json(documentInfoSchema, 'Document metadata'), 404: json(errorSchema, 'Unknown document') },
});
const deleteDoc = createRoute({
  method: 'delete',
  path: '/documents/{id}',
  request: { params: idParam },
  responses: { 202: json(z.object({ taskId: z.string() }), 'Accepted'), 404: json(errorSchema, 'Unknown document') },
});
const getTask = createRoute({
  method: 'get',
  path: '/tasks/{id}',
  request: { params: idParam },
  responses: { 200: json(taskSchema, 'Task status'), 404: json(errorSchema, 'Unknown task') },
});

export function documentRoutes(indexing: IndexingService, store: ChunkStore) {
  const app = createRouter();
  app.openapi(postDocs, async (c) => {
    // Read raw: the body is JSON or NDJSON, and files arrive base64-encoded inside it.
    const parsed = await parseDocumentsBody(await c.req.text(), c.req.header('content-type') ?? 'application/json');
    // Hono keeps the body's text and parsed JSON for the request's life: a 20 MB body would sit beside its
    // documents while they are written to the queue.
    c.req.bodyCache = {};
    if (parsed.documents.length === 0 && parsed.errors.length === 0)
      throw new KensakuError('invalid_request', 'no documents in body');
    return c.json({ taskId: (await indexing.enqueueIndex(parsed)).id }, 202);
  });
  app.openapi(listDocs, async (c) => {
    const { limit, offset } = c.req.valid('query');
    const { records, total } = await indexing.pageDocuments(limit, offset);
    return c.json({ documents: records.map(toInfo), total, limit, offset }, 200);
  });
  app.openapi(getDoc, async (c) => {
    const { id } = c.req.valid('param');
    const record = await indexing.getDocument(id);
    // Outside a scoped key's filter a document is as unknown as a missing one: the key learns nothing of it.
    const scope = c.get('caller')?.key?.filter;
    const visible =
      record && (!scope || (await store.countMatching([scope, `documentId = ${JSON.stringify(id)}`])) > 0);
    if (!visible) throw new KensakuError('document_not_found', `no document with id ${JSON.stringify(id)}`);
    return c.json(toInfo(record), 200);
  });
  app.openapi(deleteDoc, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await indexing.getDocument(id)))
      throw new KensakuError('document_not_found', `no document with id ${JSON.stringify(id)}`);
    return c.json({ taskId: (await indexing.enqueueDelete(id)).id }, 202);
  });
  app.openapi(getTask, async (c) => {
    const task = await indexing.getTask(c.req.valid('param').id);
    if (!task) throw new KensakuError('task_not_found', 'no such task (finished tasks are kept for the last 1000)');
    return c.json(toView(task), 200);
  });
  return app;
}

/** What the API shows of a task: not its queue position or run count. */
function toView({ seq: _seq, attempts: _attempts, ...view }: TaskRecord) {
  return view;
}

/** What the API shows of a document record: not its Meilisearch key, content hash or kept text. */
function toInfo({ id: _key, hash: _hash, body: _body, ...info }: DocumentRecord) {
  return info;
}
