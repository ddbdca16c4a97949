// Runs a local embedder on its own thread (see worker-embedder.ts): inference never blocks requests.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, isKensakuError } from '../errors/kensaku-error.ts';
import { createIndexYield } from './index-yield.ts';
import { createLocalEmbedder } from './local.ts';
import { createPriorityLanes } from './priority-lanes.ts';
import type { CountingEmbedder } from './types.ts';
import type { WorkerEmbedderOptions } from './worker-embedder.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

const port = parentPort!;
const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
const options = workerData as WorkerEmbedderOptions;

let embedder: CountingEmbedder;
try {
  embedder = await createLocalEmbedder(options);
  const { modelId, dimensions, fingerprint, prefixes } = embedder;
  // One text per inference (the default batch size): a passage request is run a text at a time, so a query that
  // arrives meanwhile waits for one text, not for a whole document. Batches stay whole (they are sorted and padded
  // together, and int8 quantises per batch).
  const lanes = createPriorityLanes({
    embedQuery: (text) => embedder.embedQuery(text),
    embedPassages: (texts) => embedder.embedPassages(texts),
    textsPerStep: (options.batchSize ?? 1) <= 1 ? 1 : Number.POSITIVE_INFINITY,
    indexYield: options.indexYield && options.indexYield.ratio > 0 ? createIndexYield(options.indexYield) : undefined,
  });
  send({ type: 'ready', modelId, dimensions, fingerprint, prefixes });
  port.on('message', (req: WorkerRequest) => void handle(req, lanes));
} catch (e) {
  send({ type: 'load-failed', code: isKensakuError(e) ? e.code : 'embeddings_unavailable', message: errorMessage(e) });
}

async function handle(req: WorkerRequest, lanes: ReturnType<typeof createPriorityLanes>): Promise<void> {
  try {
    const rows = req.kind === 'query' ? [await lanes.query(req.texts[0])] : await lanes.passages(req.texts);
    const vectors = new Float32Array(rows.length * embedder.dimensions);
    rows.forEach((row, i) => vectors.set(row, i * embedder.dimensions));
    send({ type: 'result', id: req.id, vectors }, [vectors.buffer]);
  } catch (e) {
    send({ type: 'error', id: req.id, message: errorMessage(e) });
  }
}
