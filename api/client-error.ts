import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { httpStatusOf, type ErrorCode } from '../errors/catalog.ts';
import { errorBody } from './errors.ts';

/** What Node's parser hands a `clientError` listener: llhttp's code, the bytes it read and where it stopped. */
export type ClientError = Error & { code?: string; rawPacket?: Buffer; bytesParsed?: number };

const ENCODE_HINT =
  "percent-encode it, e.g. curl -G http://127.0.0.1:8080/search --data-urlencode 'q=会談はどこで行われたか'";

/** Maps a parser error to a catalog code and a message that says what to change. */
export function describeClientError(err: ClientError): { code: ErrorCode; message: string } {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'request_timeout', message: 'the request did not arrive in time' };
    case 'HPE_HEADER_OVERFLOW':
      return {
        code: 'header_too_large',
        message: 'the URL and headers are over the 16 KiB limit: send a long query in the JSON body of POST /search',
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { code: 'payload_too_large', message: 'chunk extensions over the limit' };
    case 'HPE_INVALID_EOF_STATE':
      return {
        code: 'invalid_request',
        message: 'the connection was closed before the whole request arrived (a body shorter than its Content-Length?)',
      };
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return { code: 'invalid_request', message: 'Content-Length must be one non-negative integer, sent once' };
  }
  const detail = err.message.replace(/^Parse Error: /, '');
  // The parser stops on the first raw byte over 0x7f: curl sends a Japanese query like that unless told to encode it.
  if (
    err.code === 'HPE_INVALID_URL' &&
    err.bytesParsed !== undefined &&
    (err.rawPacket?.[err.bytesParsed] ?? 0) > 0x7f
  ) {
    return { code: 'invalid_request', message: `the URL has raw non-ASCII bytes (${detail}): ${ENCODE_HINT}` };
  }
  return { code: 'invalid_request', message: `malformed HTTP request: ${detail}` };
}

/**
 * The server's `clientError` listener: a request Node's parser refused gets the API's JSON error instead of Node's
 * empty 400. Only while no response has started on the socket: bytes after a begun response would corrupt it.
 */
export function handleClientError(err: ClientError, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { code, message } = describeClientError(err);
  const status = httpStatusOf(code);
  const body = Buffer.from(JSON.stringify(errorBody(code, message)));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${body.length}`,
    'connection: close',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]));
  // A peer that never closes its side must not hold the socket open.
  setTimeout(() => socket.destroy(), 2000).unref();
}
