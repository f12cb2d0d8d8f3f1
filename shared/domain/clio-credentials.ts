/** A tenant's Clio OAuth tokens (kept in the secret store, never printed). */
export interface ClioTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** ISO date-time the access token expires at. */
  readonly expiresAt?: string;
}

/** The app's Clio credentials (one developer application per region in production; one locally). */
export interface ClioApp {
  readonly clientId: string;
  readonly clientSecret: string;
}
