/** Every error code kensaku can report, with the HTTP status the API maps it to. */
export const errorCatalog = {
  invalid_config: 500,
  invalid_request: 400,
  invalid_filter: 400,
  invalid_document: 400,
  unsupported_format: 415,
  unsupported_media_type: 415,
  undecodable_text: 422,
  payload_too_large: 413,
  header_too_large: 431,
  request_timeout: 408,
  unauthorized: 401,
  /** A scoped key past its expiresAt: named apart from an unknown key, so a site owner knows to mint a new one. */
  key_expired: 401,
  forbidden: 403,
  /** A scoped key sent from a page whose Origin is not among the key's origins. */
  wrong_origin: 403,
  not_found: 404,
  method_not_allowed: 405,
  document_not_found: 404,
  task_not_found: 404,
  key_not_found: 404,
  source_not_found: 404,
  rate_limited: 429,
  /** POST /events: a queryId no /search of this deployment signed (or altered), past its 24 h, or another key's. */
  query_id_invalid: 400,
  query_id_expired: 400,
  query_id_forbidden: 403,
  /** ANALYTICS=off: POST /events and GET /analytics say so. */
  analytics_off: 404,
  meilisearch_unavailable: 503,
  meilisearch_error: 502,
  meilisearch_binary_missing: 500,
  /** DATA_DIR's database was made by another Meilisearch version than the binary's: `kensaku migrate` upgrades it. */
  meilisearch_version_mismatch: 500,
  /** Meilisearch cannot write: no space left, or a read-only disk. Nothing is lost; writes wait or are refused. */
  disk_full: 507,
  disk_read_only: 503,
  /** Another live process owns DATA_DIR's embedded Meilisearch (a second `serve`): refused, never a second one. */
  data_dir_in_use: 409,
  /** web/dist not built (a production install without the build step): the server names `npm run build:web`. */
  web_bundles_missing: 500,
  /** A backup archive that is truncated, altered or not one: refused before anything is written. */
  backup_invalid: 422,
  /** A restore into a Meilisearch that already holds this INDEX_NAME's indexes: refused, nothing overwritten. */
  restore_target_not_empty: 409,
  /** A backup of a sharded store (MEILI_SHARDS): not supported; back up each node's Meilisearch instead. */
  backup_unsupported: 409,
  embeddings_unavailable: 503,
  /** The task queue's: a holder that lost its lease, and a run stopped for shutdown; both resume later. */
  lease_lost: 503,
  shutting_down: 503,
  embedding_dimension_mismatch: 500,
  embedder_fingerprint_mismatch: 409,
  model_not_found: 500,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export function httpStatusOf(code: ErrorCode): number {
  return errorCatalog[code];
}

/** For an error known only by its HTTP status (Hono's HTTPException), the one general code of that status. */
const GENERAL_CODES: ErrorCode[] = [
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'request_timeout',
  'payload_too_large',
  'unsupported_media_type',
  'header_too_large',
  'rate_limited',
  'internal',
];
const generalCodeOf = new Map(GENERAL_CODES.map((code) => [httpStatusOf(code), code]));

/** The catalog code for an HTTP status: its general code, else invalid_request for a 4xx and internal for a 5xx. */
export function errorCodeForStatus(status: number): ErrorCode {
  return generalCodeOf.get(status) ?? (status >= 500 ? 'internal' : 'invalid_request');
}
