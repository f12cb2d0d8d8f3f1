import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Status, useLoad } from '../ui.js';

interface TenantRow {
  readonly id: string;
  readonly name: string;
  readonly clioRegion: string;
  readonly connection: { readonly status: string } | null;
}

export const OperatorPage = ({ onOpen }: { onOpen: (tenantId: string) => void }) => {
  const tenants = useLoad(() => api<{ data: TenantRow[] }>('GET', '/v1/tenants'), []);
  const [name, setName] = useState('');
  const [region, setRegion] = useState('US');
  const [created, setCreated] = useState<{ id: string; adminKey: string } | undefined>(undefined);
  const [error, setError] = useState('');
  const create = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      setCreated(await api<{ id: string; adminKey: string }>('POST', '/v1/tenants', { name, clioRegion: region }));
      setName('');
      await tenants.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="operator-title">
      <h1 id="operator-title">Tenants</h1>
      <Status error={tenants.error} />
      <table class="tenants">
        <thead>
          <tr>
            <th scope="col">Firm</th>
            <th scope="col">Id</th>
            <th scope="col">Region</th>
            <th scope="col">Clio</th>
            <th scope="col">
              <span class="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tenants.data?.data.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <code>{t.id}</code>
              </td>
              <td>{t.clioRegion}</td>
              <td>{t.connection?.status ?? 'never connected'}</td>
              <td>
                <button type="button" class="secondary" aria-label={`Open ${t.name}`} onClick={() => onOpen(t.id)}>
                  Open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>New tenant</h2>
      <form onSubmit={(e) => void create(e)}>
        <div class="field">
          <label for="tenant-name">Firm name</label>
          <input id="tenant-name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="tenant-region">Clio region</label>
          <select id="tenant-region" value={region} onChange={(e) => setRegion(e.currentTarget.value)}>
            {['US', 'EU', 'CA', 'AU'].map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <Status error={error} />
        <button type="submit">Create tenant</button>
      </form>
      {created && (
        <div class="once" role="status">
          <p>
            Tenant <code>{created.id}</code> created. Its admin key is shown this once: give it to the firm's admin now.
          </p>
          <p>
            <label for="new-admin-key">Admin key of {created.id}</label>
            <input id="new-admin-key" readOnly value={created.adminKey} />
          </p>
        </div>
      )}
    </section>
  );
};
