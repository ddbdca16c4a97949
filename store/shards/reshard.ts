import type { StoredChunk } from '../../domain/documents.ts';
import type { Sharding } from './sharded-store.ts';

/** The documents of one shard that belong on another. */
export interface Misplaced {
  from: string;
  documentIds: string[];
}

/** Every document whose shard is not its home: all of a retired shard's, and those a new shard wins. */
export async function findMisplaced(sharding: Sharding): Promise<Misplaced[]> {
  const out: Misplaced[] = [];
  for (const { node, store } of sharding.shards) {
    const documentIds: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const { records } = await store.pageDocuments(1000, offset, { body: false });
      for (const r of records)
        if (node.retired || sharding.home(r.documentId) !== node.name) documentIds.push(r.documentId);
      if (records.length < 1000) break;
    }
    if (documentIds.length) out.push({ from: node.name, documentIds });
  }
  return out;
}

/**
 * Moves documents from one shard to their homes: chunks (vectors included) and records are written there first,
 * then deleted here. So a document is always on at least one shard, and a move cut short is redone whole by the
 * next run (the writes are idempotent); searches drop the second copy meanwhile (federated-legs.ts).
 */
export async function moveDocuments(
  sharding: Sharding,
  from: string,
  documentIds: string[],
): Promise<{ chunks: number }> {
  const source = sharding.shards.find((s) => s.node.name === from)!.store;
  const filter = `documentId IN [${documentIds.map((id) => JSON.stringify(id)).join(', ')}]`;
  const chunks: StoredChunk[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await source.pageChunks(filter, 1000, offset, true);
    chunks.push(...page.chunks);
    if (page.chunks.length < 1000) break;
  }
  const records = await source.getDocumentsByIds(documentIds);
  for (const { node, store } of sharding.shards) {
    if (node.name === from) continue;
    const mine = (id: string) => sharding.home(id) === node.name;
    await store.writeChunks(chunks.filter((c) => mine(c.documentId)));
    await store.putDocuments(records.filter((r) => mine(r.documentId)));
  }
  await source.deleteDocuments(documentIds);
  return { chunks: chunks.length };
}
