import { useEffect, useState } from 'preact/hooks';
import { api, tenantPath } from '../api.js';
import { Status, useLoad } from '../ui.js';

interface ClioUser {
  readonly id: number;
  readonly name: string;
  readonly email?: string;
}
interface Row {
  readonly key: string;
  readonly userId: string;
}

export const MappingsPage = ({ tenantId }: { tenantId: string }) => {
  const settings = useLoad(() => api<{ userMappings: Record<string, number> }>('GET', tenantPath(tenantId, '/settings')), [tenantId]);
  const users = useLoad(() => api<{ data: ClioUser[] }>('GET', tenantPath(tenantId, '/clio/users')), [tenantId]);
  const [rows, setRows] = useState<Row[]>([]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    if (settings.data) setRows(Object.entries(settings.data.userMappings).map(([key, userId]) => ({ key, userId: String(userId) })));
  }, [settings.data]);

  const change = (i: number, row: Partial<Row>) => setRows(rows.map((r, j) => (i === j ? { ...r, ...row } : r)));
  const save = async (event: Event) => {
    event.preventDefault();
    setMessage('');
    setError('');
    const mappings = Object.fromEntries(rows.filter((r) => r.key.trim() && r.userId).map((r) => [r.key.trim(), Number(r.userId)]));
    try {
      await api('PUT', tenantPath(tenantId, '/user-mappings'), mappings);
      setMessage(`Saved ${Object.keys(mappings).length} mapping(s).`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const known = users.data?.data ?? [];
  return (
    <section aria-labelledby="mappings-title">
      <h1 id="mappings-title">User mappings</h1>
      <p class="help">
        Each phone-system user (an extension, an e-mail, a DID or a softphone identity) logs as the Clio user picked here. Anyone not listed logs as the user
        who connected Clio.
      </p>
      <Status error={error || settings.error || users.error} />
      {settings.data && (
        <form onSubmit={(e) => void save(e)}>
          <table class="mappings">
            <thead>
              <tr>
                <th scope="col">Phone user</th>
                <th scope="col">Clio user</th>
                <th scope="col">
                  <span class="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  <td>
                    <input
                      aria-label={`Phone user ${i + 1}`}
                      value={row.key}
                      maxLength={256}
                      placeholder="101, ann@firm.com, +14155550100"
                      onInput={(e) => change(i, { key: e.currentTarget.value })}
                    />
                  </td>
                  <td>
                    <select aria-label={`Clio user for phone user ${i + 1}`} value={row.userId} onChange={(e) => change(i, { userId: e.currentTarget.value })}>
                      <option value="">Choose a Clio user</option>
                      {known.map((u) => (
                        <option key={u.id} value={String(u.id)}>
                          {u.name}
                          {u.email ? ` (${u.email})` : ''}
                        </option>
                      ))}
                      {row.userId && !known.some((u) => String(u.id) === row.userId) && <option value={row.userId}>Clio user {row.userId}</option>}
                    </select>
                  </td>
                  <td>
                    <button type="button" class="secondary" aria-label={`Remove phone user ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="actions">
            <button type="button" class="secondary" disabled={!users.data && !users.error} onClick={() => setRows([...rows, { key: '', userId: '' }])}>
              Add a mapping
            </button>
            <button type="submit">Save mappings</button>
          </div>
          <Status message={message} />
        </form>
      )}
    </section>
  );
};
