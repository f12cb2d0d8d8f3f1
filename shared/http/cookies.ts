/** Cookies of our own origin: names, attributes and parsing, for the console session and the Clio OAuth binding. */

/** The console's session (its id; we keep only its hash). */
export const SESSION_COOKIE = 'cc_session';
/** The cookie that binds a Clio connection flow to the browser that started it. */
export const OAUTH_COOKIE = 'cc_oauth';
/** The header a console's change carries its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** `Secure` and the `__Host-` prefix hold only over https: a plain-http origin (localhost) gets neither. */
export const isSecureOrigin = (publicBaseUrl: string): boolean => publicBaseUrl.startsWith('https://');

/** `__Host-<name>` over https (host-only, path `/`, `Secure`); the bare name on plain http, where a browser refuses the prefix. */
export const cookieName = (name: string, publicBaseUrl: string): string => (isSecureOrigin(publicBaseUrl) ? `__Host-${name}` : name);

export interface CookieOptions {
  readonly maxAgeSeconds: number;
  readonly sameSite: 'Strict' | 'Lax';
}

export const setCookie = (name: string, value: string, publicBaseUrl: string, options: CookieOptions): string =>
  [
    `${cookieName(name, publicBaseUrl)}=${value}`,
    'Path=/',
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    `SameSite=${options.sameSite}`,
    ...(isSecureOrigin(publicBaseUrl) ? ['Secure'] : []),
  ].join('; ');

export const clearCookie = (name: string, publicBaseUrl: string, sameSite: CookieOptions['sameSite']): string =>
  setCookie(name, '', publicBaseUrl, { maxAgeSeconds: 0, sameSite });

/** The value of one cookie of a `Cookie` header (API Gateway v2 joins several `Cookie` headers with commas). */
export const readCookie = (header: string | undefined, name: string, publicBaseUrl: string): string | undefined => {
  const wanted = cookieName(name, publicBaseUrl);
  for (const part of (header ?? '').split(/[;,]/)) {
    const [key, ...value] = part.trim().split('=');
    if (key === wanted) return value.join('=');
  }
  return undefined;
};
