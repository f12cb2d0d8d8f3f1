import type { Provider } from '../domain/canonical-event.js';
import type { TenantPurge } from './tenant-purge.js';
import type { CallFragment } from './webhook-provider.js';

/** Per-call state for providers that report a call over several callbacks (kept for days, then expired). */
export interface CallStateStore extends TenantPurge {
  /** Adds the fragment (once per event key) and returns every fragment of that call so far. */
  append(tenantId: string, provider: Provider, callKey: string, fragment: CallFragment): Promise<readonly CallFragment[]>;
  /** Every fragment of the call stored so far (the processor assembles a settled call from them). */
  fragments(tenantId: string, provider: Provider, callKey: string): Promise<readonly CallFragment[]>;
}
