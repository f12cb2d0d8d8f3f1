/** The admin API, as the signed-in console calls it: the session cookie, and the CSRF token on every change. */

export interface Session {
  readonly role: 'operator' | 'tenant';
  readonly tenantId?: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
export const rememberSession = (session: Session | undefined): void => {
  csrfToken = session?.csrfToken ?? '';
};

export const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'error', error?.message ?? `The server answered ${response.status}`);
  }
  return parsed as T;
};

export const tenantPath = (tenantId: string, rest = ''): string => `/v1/tenants/${encodeURIComponent(tenantId)}${rest}`;
