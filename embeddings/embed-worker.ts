// Runs a local embedder on its own thread (see worker-embedder.ts): inference never blocks requests.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, isKensakuError } from '../errors/kensaku-error.ts';
import { createLocalEmbedder, type LocalEmbedderOptions } from './local.ts';
import type { CountingEmbedder } from './types.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

const port = parentPort!;
const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

let embedder: CountingEmbedder;
try {
  embedder = await createLocalEmbedder(workerData as LocalEmbedderOptions);
  const { modelId, dimensions, fingerprint, prefixes } = embedder;
  send({ type: 'ready', modelId, dimensions, fingerprint, prefixes });
  port.on('message', (req: WorkerRequest) => void handle(req));
} catch (e) {
  send({ type: 'load-failed', code: isKensakuError(e) ? e.code : 'embeddings_unavailable', message: errorMessage(e) });
}

async function handle(req: WorkerRequest): Promise<void> {
  try {
    const rows =
      req.kind === 'query' ? [await embedder.embedQuery(req.texts[0])] : await embedder.embedPassages(req.texts);
    const vectors = new Float32Array(rows.length * embedder.dimensions);
    rows.forEach((row, i) => vectors.set(row, i * embedder.dimensions));
    send({ type: 'result', id: req.id, vectors }, [vectors.buffer]);
  } catch (e) {
    send({ type: 'error', id: req.id, message: errorMessage(e) });
  }
}
