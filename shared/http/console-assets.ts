import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HttpResponse } from '../domain/http-response.js';
import { isSecureOrigin } from './cookies.js';

/**
 * What every page we serve is held to: scripts, styles and requests of our own origin only (no inline script, no
 * third party), never framed, no referrer sent.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders = (publicBaseUrl: string): Record<string, string> => ({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  ...(isSecureOrigin(publicBaseUrl) ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' } : {}),
});

/** The console's files: the page at `/`, its script and style under `/console/`. Nothing else is served. */
const ASSETS: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/console/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

export const isConsolePath = (path: string): boolean => Object.hasOwn(ASSETS, path);

/** Serves the built console from `dir`, each file read once per container. */
export const createConsoleAssets = (dir: string, publicBaseUrl: string) => {
  const cache = new Map<string, string>();
  return async (path: string): Promise<HttpResponse> => {
    const asset = ASSETS[path];
    if (!asset) return { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' };
    let body = cache.get(asset.file);
    if (body === undefined) {
      body = await readFile(join(dir, asset.file), 'utf8');
      cache.set(asset.file, body);
    }
    // The page is always asked for again (it names the current script); the script and style are revalidated too.
    return { statusCode: 200, headers: { ...securityHeaders(publicBaseUrl), 'content-type': asset.type, 'cache-control': 'no-cache' }, body };
  };
};
