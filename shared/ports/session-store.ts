import type { ConsoleSession } from '../domain/console-session.js';

export interface SessionStore {
  put(idHash: string, session: ConsoleSession): Promise<void>;
  /** The session, unless it expired or was deleted. */
  get(idHash: string, now: Date): Promise<ConsoleSession | undefined>;
  delete(idHash: string): Promise<void>;
}
