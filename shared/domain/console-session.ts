/** A signed-in console: who signed in, with which key, until when. Kept under a hash of its id, never the id. */
export interface ConsoleSession {
  readonly role: 'operator' | 'tenant';
  /** The firm of a tenant's session. */
  readonly tenantId?: string;
  /** The hash of the admin key it was made with: once that key is rotated the session no longer works. */
  readonly keyHash: string;
  /** Sent back in `X-CSRF-Token` with every change. */
  readonly csrfToken: string;
  /** ISO date-time. */
  readonly expiresAt: string;
}
