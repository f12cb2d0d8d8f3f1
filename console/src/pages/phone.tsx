import { useState } from 'preact/hooks';
import dialpad from '../../../docs/providers/dialpad.md';
import ringcentral from '../../../docs/providers/ringcentral.md';
import telnyx from '../../../docs/providers/telnyx.md';
import twilio from '../../../docs/providers/twilio.md';
import vonage from '../../../docs/providers/vonage.md';
import zoom from '../../../docs/providers/zoom.md';
import type { Provider as ProviderName } from '../../../shared/domain/canonical-event.js';
import { api, tenantPath } from '../api.js';
import { Status, useLoad } from '../ui.js';

interface Field {
  readonly name: string;
  readonly label: string;
  readonly multiline?: boolean;
}
interface Form {
  readonly title: string;
  readonly path: string;
  readonly fields: readonly Field[];
  readonly body: (values: Record<string, string>) => unknown;
}
interface Setup {
  readonly name: string;
  readonly doc?: string;
  readonly forms: readonly Form[];
}

const credential = (provider: ProviderName, label: string): Form => ({
  title: 'Webhook credential',
  path: `/providers/${provider}`,
  fields: [{ name: 'credential', label }],
  body: (v) => ({ credential: v.credential }),
});

// Keyed by the server's provider names, in the order shown: a provider added there without its setup here does not compile.
const SETUP: Readonly<Record<ProviderName, Setup>> = {
  twilio: { name: 'Twilio', doc: twilio, forms: [credential('twilio', 'Twilio auth token')] },
  telnyx: { name: 'Telnyx', doc: telnyx, forms: [credential('telnyx', 'Telnyx public key')] },
  ringcentral: {
    name: 'RingCentral',
    doc: ringcentral,
    forms: [
      credential('ringcentral', 'RingCentral verification token'),
      {
        title: 'RingCentral connection',
        path: '/providers/ringcentral/connection',
        fields: [
          { name: 'clientId', label: 'Client ID' },
          { name: 'clientSecret', label: 'Client secret' },
          { name: 'jwt', label: 'JWT credential', multiline: true },
        ],
        body: (v) => v,
      },
    ],
  },
  zoom: {
    name: 'Zoom',
    doc: zoom,
    forms: [
      credential('zoom', 'Zoom secret token'),
      {
        title: 'Zoom connection',
        path: '/providers/zoom/connection',
        fields: [
          { name: 'accountId', label: 'Account ID' },
          { name: 'clientId', label: 'Client ID' },
          { name: 'clientSecret', label: 'Client secret' },
        ],
        body: (v) => v,
      },
    ],
  },
  dialpad: { name: 'Dialpad', doc: dialpad, forms: [credential('dialpad', 'Dialpad webhook secret')] },
  vonage: {
    name: 'Vonage',
    doc: vonage,
    forms: [
      credential('vonage', 'Vonage signature secret'),
      {
        title: 'Vonage application',
        path: '/providers/vonage/connection',
        fields: [
          { name: 'applicationId', label: 'Application ID' },
          { name: 'privateKey', label: 'Private key', multiline: true },
        ],
        body: (v) => v,
      },
    ],
  },
  generic: { name: 'Generic signed JSON', forms: [credential('generic', 'Signing secret (whsec_…)')] },
};
const PROVIDERS = Object.entries(SETUP).map(([id, setup]) => ({ id, ...setup }));

/** A provider's setup document, block by block: headings, code and tables kept as they are, paragraphs. */
const Doc = ({ text }: { text: string }) => {
  const blocks = text
    .split(/\n(?=```)|(?<=```)\n|\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return (
    <div class="doc">
      {blocks.map((block, i) => {
        const heading = /^(#{1,6})\s+(.*)$/.exec(block);
        if (heading && !block.includes('\n')) return <h4 key={i}>{heading[2]}</h4>;
        if (block.startsWith('```') || block.startsWith('|')) return <pre key={i}>{block.replace(/^```\w*\n?|```$/g, '')}</pre>;
        return <p key={i}>{block.replace(/\n/g, ' ')}</p>;
      })}
    </div>
  );
};

const CredentialForm = ({ tenantId, providerId, form }: { tenantId: string; providerId: string; form: Form }) => {
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    setMessage('');
    setError('');
    try {
      await api('PUT', tenantPath(tenantId, form.path), form.body(values));
      // Write-only: what was typed is forgotten here too.
      setValues({});
      setMessage('Saved. It is stored and will not be shown again.');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form class="credential" onSubmit={(e) => void submit(e)}>
      <h3>{form.title}</h3>
      {form.fields.map((f) => {
        const id = `${providerId}-${form.path.replace(/\W+/g, '-')}-${f.name}`;
        const input = {
          id,
          name: f.name,
          required: true,
          autocomplete: 'off',
          value: values[f.name] ?? '',
          onInput: (e: Event) => setValues({ ...values, [f.name]: (e.currentTarget as HTMLInputElement).value }),
        };
        return (
          <div class="field" key={f.name}>
            <label for={id}>{f.label}</label>
            {f.multiline ? <textarea rows={4} {...input} /> : <input type="password" {...input} />}
          </div>
        );
      })}
      <Status message={message} error={error} />
      <button type="submit">Save {form.title.replace(/^Webhook/, 'webhook')}</button>
    </form>
  );
};

const CopyButton = ({ text, label }: { text: string; label: string }) => {
  const [done, setDone] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setDone(true);
  };
  return (
    <>
      <button type="button" class="secondary" disabled={!text} onClick={() => void copy()} aria-label={label}>
        Copy
      </button>
      <span role="status" class="copied">
        {done ? 'Copied' : ''}
      </span>
    </>
  );
};

export const PhonePage = ({ tenantId }: { tenantId: string }) => {
  const tenant = useLoad(() => api<{ webhookUrls: Record<string, string> }>('GET', tenantPath(tenantId)), [tenantId]);
  return (
    <section aria-labelledby="phone-title">
      <h1 id="phone-title">Phone systems</h1>
      <p class="help">
        Give each phone system the firm's webhook URL, then store the credential it signs its callbacks with. Credentials are write-only: stored, never shown
        again.
      </p>
      <Status error={tenant.error} />
      {PROVIDERS.map((p) => {
        const url = tenant.data?.webhookUrls[p.id] ?? '';
        return (
          <article class="provider" key={p.id} aria-labelledby={`provider-${p.id}`}>
            <h2 id={`provider-${p.id}`}>{p.name}</h2>
            <div class="field">
              <label for={`url-${p.id}`}>{p.name} webhook URL</label>
              <div class="copy-row">
                <input id={`url-${p.id}`} readOnly value={url} />
                <CopyButton text={url} label={`Copy the ${p.name} webhook URL`} />
              </div>
            </div>
            {p.forms.map((f) => (
              <CredentialForm key={f.path} tenantId={tenantId} providerId={p.id} form={f} />
            ))}
            {p.doc && (
              <details>
                <summary>Setup steps for {p.name}</summary>
                <Doc text={p.doc} />
              </details>
            )}
          </article>
        );
      })}
    </section>
  );
};
