import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChaosKind } from './types.js';

/** What a handler answers; `send` writes it. */
export interface SimResponse {
  status: number;
  /** A JSON body. */
  body?: unknown;
  /** Raw bytes instead of JSON (set `Content-Type` in `headers`). */
  raw?: Buffer;
  headers?: Record<string, string>;
  /** Destroy the connection without answering (chaos `drop`); `status` is then 0 for the request log. */
  drop?: boolean;
  /** The chaos rule kind that fired on this request, for the request log. */
  chaos?: ChaosKind;
}

/** A Clio-shaped failure: handlers throw it, the router turns it into a response. */
export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    public readonly body: unknown,
    public readonly headers: Record<string, string> = {},
  ) {
    super(`Clio simulator ${status}`);
    this.name = 'ApiError';
  }

  /** The API envelope error `{"error":{"type","message"}}`. */
  public static of(status: number, type: string, message: string): ApiError {
    return new ApiError(status, { error: { type, message } });
  }
}

/** 400 ArgumentError (bad query parameter, bad `fields`, malformed body). */
export const argumentError = (message: string): ApiError => ApiError.of(400, 'ArgumentError', message);
/** 422 ValidationError (a body Clio would refuse to save). */
export const validationError = (message: string): ApiError => ApiError.of(422, 'ValidationError', message);
/** 412 PreconditionFailed (a stale `If-Match`). */
export const preconditionFailed = (message: string): ApiError => ApiError.of(412, 'PreconditionFailed', message);
/** 404 NotFound. */
export const notFound = (message: string): ApiError => ApiError.of(404, 'NotFound', message);

/** The OAuth-style 401 Clio returns for an unknown, expired or revoked access token. */
export const INVALID_TOKEN_BODY = {
  error: 'invalid_token',
  error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
};

/** Plain object check used on parsed JSON. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the whole request body as bytes. */
export async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON body; malformed JSON is a 400 like Clio's. Empty body → `{}`. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw argumentError('The request body could not be parsed as JSON');
  }
}

/** Unwraps Clio's request envelope `{"data":{...}}`. */
export function envelopeData(body: unknown): Record<string, unknown> {
  if (!isRecord(body) || !isRecord(body.data)) {
    throw argumentError('data is missing or not an object');
  }
  return body.data;
}

/** Writes a response: raw bytes, JSON when there is a body, nothing otherwise; `drop` destroys the socket. */
export function send(res: ServerResponse, response: SimResponse): void {
  if (response.drop === true) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { ...response.headers };
  if (response.raw !== undefined) {
    headers['content-length'] = String(response.raw.length);
    res.writeHead(response.status, headers).end(response.raw);
    return;
  }
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const payload = JSON.stringify(response.body);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers).end(payload);
}
