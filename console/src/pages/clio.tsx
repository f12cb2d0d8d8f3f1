import { useState } from 'preact/hooks';
import { api, ApiError, tenantPath } from '../api.js';
import { Status, useLoad, when } from '../ui.js';

interface ClioStatus {
  readonly region: string;
  readonly connection: { readonly status: string; readonly since: string; readonly reason?: string } | null;
  readonly user: { readonly id: number; readonly name: string } | null;
}

interface SyncState {
  readonly status: 'running' | 'complete' | 'failed';
  readonly startedAt: string;
  readonly processed: number;
  readonly completedAt?: string;
  readonly error?: string;
}

export const ClioPage = ({ tenantId }: { tenantId: string }) => {
  const status = useLoad(() => api<ClioStatus>('GET', tenantPath(tenantId, '/clio/status')), [tenantId]);
  const sync = useLoad(
    () =>
      api<SyncState>('GET', tenantPath(tenantId, '/clio/sync')).catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'never_synced') return undefined;
        throw e;
      }),
    [tenantId],
  );
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [syncing, setSyncing] = useState<SyncState | undefined>(undefined);

  const disconnect = async () => {
    try {
      await api('DELETE', tenantPath(tenantId, '/clio'));
      setMessage('Clio is disconnected.');
      await status.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const syncNow = async () => {
    setError('');
    setMessage('');
    try {
      // Each request reads for a while and answers the progress; the next one continues where it stopped.
      let state = await api<SyncState>('POST', tenantPath(tenantId, '/clio/sync'));
      setSyncing(state);
      while (state.status === 'running') {
        state = await api<SyncState>('POST', tenantPath(tenantId, '/clio/sync'));
        setSyncing(state);
      }
      setMessage(state.status === 'complete' ? `Phone index synced: ${state.processed} contacts read.` : `The sync failed: ${state.error ?? 'unknown error'}`);
      await sync.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSyncing(undefined);
    }
  };

  const connected = status.data?.connection?.status === 'connected';
  const last = sync.data;
  return (
    <section aria-labelledby="clio-title">
      <h1 id="clio-title">Clio</h1>
      <Status message={message} error={error || status.error} />
      <h2>Connection</h2>
      {status.data && (
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            {connected ? 'Connected' : status.data.connection ? `Disconnected (${status.data.connection.reason ?? 'no reason recorded'})` : 'Never connected'}
          </dd>
          <dt>Connected user</dt>
          <dd>{status.data.user ? status.data.user.name : '—'}</dd>
          <dt>Region</dt>
          <dd>{status.data.region}</dd>
          <dt>Since</dt>
          <dd>{when(status.data.connection?.since)}</dd>
        </dl>
      )}
      <div class="actions">
        <button type="button" onClick={() => location.assign(tenantPath(tenantId, '/clio/connect'))}>
          Connect Clio
        </button>
        {connected && (
          <button type="button" class="secondary" onClick={() => void disconnect()}>
            Disconnect
          </button>
        )}
      </div>
      <h2>Phone index</h2>
      <p class="help">
        Clio's search matches numbers as they were typed; the phone index matches them however they were written. It refreshes itself; sync now after a large
        import.
      </p>
      <dl class="facts">
        <dt>Last sync</dt>
        <dd>
          {last
            ? `${last.status === 'complete' ? 'Complete' : last.status === 'running' ? 'Running' : 'Failed'}, ${when(last.completedAt ?? last.startedAt)}`
            : 'Never'}
        </dd>
        <dt>Contacts read</dt>
        <dd>{last ? last.processed : '—'}</dd>
      </dl>
      <div class="actions">
        <button type="button" onClick={() => void syncNow()} disabled={syncing !== undefined}>
          Sync now
        </button>
        {syncing && <progress aria-label="Sync progress">{syncing.processed}</progress>}
        {syncing && <span role="status">Syncing… {syncing.processed} contacts read</span>}
      </div>
    </section>
  );
};
