import { useState } from 'preact/hooks';
import { api, tenantPath } from '../api.js';
import { formatPhone, headline, traceSentences, type OutcomeSummary } from '../trace.js';
import { Status, useLoad, when } from '../ui.js';

interface Page {
  readonly data: OutcomeSummary[];
  readonly nextCursor: string | null;
}
interface Filters {
  status: string;
  reason: string;
  kind: string;
  since: string;
}

const DAY_MS = 86_400_000;
const KINDS = ['call', 'voicemail', 'sms', 'fax'];
const RECORD_PATHS: Readonly<Record<string, string>> = {
  communicationId: 'communications',
  contactId: 'contacts',
  createdContactId: 'contacts',
  matterId: 'matters',
  activityId: 'activities',
  documentId: 'documents',
};
const RECORD_NAMES: Readonly<Record<string, string>> = {
  communicationId: 'Communication',
  contactId: 'Contact',
  createdContactId: 'New contact',
  matterId: 'Matter',
  activityId: 'Time entry',
  documentId: 'Document',
};

const who = (o: OutcomeSummary): string => {
  const number = o.trace.find((t) => t.step === 'number')?.detail?.e164;
  return typeof number === 'string' ? formatPhone(number) : o.provider;
};

const query = (filters: Filters, extra: Record<string, string> = {}): string => {
  const params = new URLSearchParams(extra);
  if (filters.status) params.set('status', filters.status);
  if (filters.reason.trim()) params.set('reason', filters.reason.trim());
  if (filters.since) params.set('since', new Date(`${filters.since}T00:00:00`).toISOString());
  return params.toString();
};

/** Outcomes per day for the last 14 days, read a page at a time (at most 20 pages). */
const loadChart = async (tenantId: string): Promise<{ day: string; count: number }[]> => {
  const start = new Date(Date.now() - 13 * DAY_MS);
  start.setHours(0, 0, 0, 0);
  const counts = new Map<string, number>();
  for (let i = 0; i < 14; i++) counts.set(new Date(start.getTime() + i * DAY_MS).toLocaleDateString(), 0);
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const params = new URLSearchParams({ since: start.toISOString(), limit: '100', ...(cursor ? { cursor } : {}) });
    const page: Page = await api<Page>('GET', `${tenantPath(tenantId, '/outcomes')}?${params.toString()}`);
    for (const o of page.data) {
      const day = new Date(o.recordedAt).toLocaleDateString();
      if (counts.has(day)) counts.set(day, (counts.get(day) ?? 0) + 1);
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return [...counts].map(([day, count]) => ({ day, count }));
};

const Chart = ({ days }: { days: { day: string; count: number }[] }) => {
  const max = Math.max(1, ...days.map((d) => d.count));
  const total = days.reduce((sum, d) => sum + d.count, 0);
  return (
    <figure class="chart">
      <svg
        viewBox="0 0 280 100"
        role="img"
        aria-label={`Outcomes per day for the last 14 days: ${total} in all; ${days.map((d) => `${d.day}: ${d.count}`).join(', ')}`}
      >
        {days.map((d, i) => {
          const height = Math.round((d.count / max) * 80);
          return (
            <rect key={d.day} x={i * 20 + 3} y={90 - height} width={14} height={Math.max(height, 1)} class={d.count ? 'bar' : 'bar empty'}>
              <title>{`${d.day}: ${d.count}`}</title>
            </rect>
          );
        })}
        <line x1="0" y1="90.5" x2="280" y2="90.5" class="axis" />
      </svg>
      <figcaption>Outcomes per day, last 14 days ({total} in all)</figcaption>
    </figure>
  );
};

const Row = ({ outcome, clioUrl, onReplay }: { outcome: OutcomeSummary; clioUrl: string; onReplay: (o: OutcomeSummary) => Promise<void> }) => {
  const links = Object.entries(outcome.clio).filter(([key, id]) => id !== undefined && RECORD_PATHS[key]);
  return (
    <li class={`outcome ${outcome.status}`}>
      <details>
        <summary>
          <span class="who">{who(outcome)}</span>
          <span class="when">{when(outcome.occurredAt)}</span>
          <span class="kind">{outcome.kind}</span>
          <span class="direction">{outcome.direction}</span>
          <span class={`status ${outcome.status}`}>{outcome.status}</span>
        </summary>
        <p class="headline">{headline(outcome)}</p>
        <ol class="trace">
          {traceSentences(outcome.trace).map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
        {links.length > 0 && (
          <ul class="links">
            {links.map(([key, id]) => (
              <li key={key}>
                <a href={`${clioUrl}/nc/#/${RECORD_PATHS[key]}/${String(id)}`} rel="noopener noreferrer" target="_blank">
                  {RECORD_NAMES[key]} {String(id)} in Clio
                </a>
              </li>
            ))}
          </ul>
        )}
        {outcome.status !== 'logged' && (
          <button type="button" onClick={() => void onReplay(outcome)}>
            Replay
          </button>
        )}
      </details>
    </li>
  );
};

export const ActivityPage = ({ tenantId }: { tenantId: string }) => {
  const [filters, setFilters] = useState<Filters>({ status: '', reason: '', kind: '', since: '' });
  const [applied, setApplied] = useState(filters);
  const [more, setMore] = useState<OutcomeSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const tenant = useLoad(() => api<{ clioUrl: string }>('GET', tenantPath(tenantId)), [tenantId]);
  const list = useLoad(async () => {
    const page = await api<Page>('GET', `${tenantPath(tenantId, '/outcomes')}?${query(applied, { limit: '50' })}`);
    setMore([]);
    setCursor(page.nextCursor);
    return page.data;
  }, [tenantId, applied]);
  const chart = useLoad(() => loadChart(tenantId), [tenantId]);

  const loadMore = async () => {
    if (!cursor) return;
    const page = await api<Page>('GET', `${tenantPath(tenantId, '/outcomes')}?${query(applied, { limit: '50', cursor })}`);
    setMore([...more, ...page.data]);
    setCursor(page.nextCursor);
  };
  const replay = async (o: OutcomeSummary) => {
    setMessage('');
    setError('');
    try {
      await api('POST', tenantPath(tenantId, `/outcomes/${encodeURIComponent(o.eventId)}/replay`));
      setMessage('Replay queued: refresh in a moment to see its new outcome.');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const shown = [...(list.data ?? []), ...more].filter((o) => !applied.kind || o.kind === applied.kind);
  const set = (change: Partial<Filters>) => setFilters({ ...filters, ...change });
  return (
    <section aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      {chart.data && <Chart days={chart.data} />}
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filters);
        }}
      >
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" value={filters.status} onChange={(e) => set({ status: e.currentTarget.value })}>
            <option value="">Any</option>
            {['logged', 'skipped', 'failed', 'parked'].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-reason">Reason</label>
          <input id="filter-reason" value={filters.reason} placeholder="no_contact_exclusive" onInput={(e) => set({ reason: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="filter-kind">Kind</label>
          <select id="filter-kind" value={filters.kind} onChange={(e) => set({ kind: e.currentTarget.value })}>
            <option value="">Any</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-since">Since</label>
          <input id="filter-since" type="date" value={filters.since} onInput={(e) => set({ since: e.currentTarget.value })} />
        </div>
        <div class="actions">
          <button type="submit">Filter</button>
          <button type="button" class="secondary" onClick={() => void list.reload()}>
            Refresh
          </button>
        </div>
      </form>
      <Status message={message} error={error || list.error || chart.error} />
      {list.data && shown.length === 0 && <p>Nothing yet.</p>}
      <ul class="outcomes" aria-label="Outcomes, newest first">
        {shown.map((o) => (
          <Row key={o.eventId} outcome={o} clioUrl={tenant.data?.clioUrl ?? ''} onReplay={replay} />
        ))}
      </ul>
      {cursor && (
        <button type="button" class="secondary" onClick={() => void loadMore()}>
          Show more
        </button>
      )}
    </section>
  );
};
