import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, rememberSession, type Session } from './api.js';
import { ActivityPage } from './pages/activity.js';
import { ClioPage } from './pages/clio.js';
import { MappingsPage } from './pages/mappings.js';
import { OperatorPage } from './pages/operator.js';
import { PhonePage } from './pages/phone.js';
import { SettingsPage } from './pages/settings.js';

const PAGES = [
  { hash: '#/clio', label: 'Clio', Page: ClioPage },
  { hash: '#/phone-systems', label: 'Phone systems', Page: PhonePage },
  { hash: '#/settings', label: 'Settings', Page: SettingsPage },
  { hash: '#/user-mappings', label: 'User mappings', Page: MappingsPage },
  { hash: '#/activity', label: 'Activity', Page: ActivityPage },
] as const;

const useHash = (): string => {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
};

const SignIn = ({ onSignedIn }: { onSignedIn: (session: Session) => void }) => {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api<Session>('POST', '/v1/session', { adminKey: key.trim() }));
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401 ? 'This admin key is not valid.' : (failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>Call Connector for Clio</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label for="admin-key">Admin key</label>
        <input
          id="admin-key"
          type="password"
          autocomplete="current-password"
          required
          value={key}
          aria-describedby={error ? 'sign-in-error' : undefined}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
};

const App = () => {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [tenantId, setTenantId] = useState<string | undefined>(undefined);
  const hash = useHash();
  useEffect(() => {
    api<Session>('GET', '/v1/session').then(setSession, () => setSession(null));
  }, []);
  useEffect(() => {
    rememberSession(session ?? undefined);
    setTenantId(session?.tenantId);
  }, [session]);

  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={setSession} />;

  const signOut = async () => {
    await api('DELETE', '/v1/session').catch(() => undefined);
    setSession(null);
    location.hash = '';
  };
  const current = PAGES.find((p) => p.hash === hash) ?? PAGES[0];
  return (
    <>
      <header>
        <p class="brand">Call Connector for Clio{tenantId ? <span class="tenant"> · {tenantId}</span> : null}</p>
        {tenantId && (
          <nav aria-label="Console">
            <ul>
              {PAGES.map((p) => (
                <li key={p.hash}>
                  <a href={p.hash} aria-current={p === current ? 'page' : undefined}>
                    {p.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div class="session">
          {session.role === 'operator' && tenantId && (
            <button type="button" class="link" onClick={() => setTenantId(undefined)}>
              All tenants
            </button>
          )}
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">{tenantId ? <current.Page key={`${tenantId}${current.hash}`} tenantId={tenantId} /> : <OperatorPage onOpen={setTenantId} />}</main>
    </>
  );
};

const root = document.getElementById('app');
if (root) render(<App />, root);
