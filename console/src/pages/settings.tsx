import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, tenantPath } from '../api.js';
import { SETTING_GROUPS, type SettingMeta } from '../settings-meta.js';
import { asText, Status, useLoad } from '../ui.js';

type Values = Record<string, unknown>;

/** The form's value of a setting, as the API takes it. */
const toApi = (meta: SettingMeta, value: unknown): unknown => {
  if (meta.type === 'number') return Number(value);
  if (meta.type === 'lines')
    return String(value)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  if (meta.type === 'text') return String(value).trim().toUpperCase();
  return value;
};

const fromApi = (meta: SettingMeta, value: unknown): unknown => (meta.type === 'lines' && Array.isArray(value) ? value.join('\n') : value);

export const SettingsPage = ({ tenantId }: { tenantId: string }) => {
  const loaded = useLoad(() => api<Values>('GET', tenantPath(tenantId, '/settings')), [tenantId]);
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const all = SETTING_GROUPS.flatMap((g) => g.settings);
  useEffect(() => {
    if (loaded.data) setValues(Object.fromEntries(all.map((m) => [m.key, fromApi(m, loaded.data?.[m.key])])));
  }, [loaded.data]);

  const save = async (event: Event) => {
    event.preventDefault();
    setMessage('');
    setError('');
    setErrors({});
    try {
      await api('PATCH', tenantPath(tenantId, '/settings'), Object.fromEntries(all.map((m) => [m.key, toApi(m, values[m.key])])));
      setMessage('Settings saved.');
      await loaded.reload();
    } catch (e) {
      // The API names the field it refused first: `timeEntryMinSeconds: Too small…`.
      const field = e instanceof ApiError ? /^(\w+)(?:\.\d+)?: (.*)$/.exec(e.message) : null;
      if (field?.[1] && all.some((m) => m.key === field[1])) setErrors({ [field[1]]: field[2] ?? (e as Error).message });
      else setError((e as Error).message);
    }
  };

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <Status error={error || loaded.error} />
      {loaded.data && (
        <form onSubmit={(e) => void save(e)} noValidate>
          {SETTING_GROUPS.map((group) => (
            <fieldset key={group.title}>
              <legend>{group.title}</legend>
              {group.settings.map((m) => {
                const id = `setting-${m.key}`;
                const described = `${id}-help${errors[m.key] ? ` ${id}-error` : ''}`;
                const set = (value: unknown) => setValues({ ...values, [m.key]: value });
                const invalid = errors[m.key] ? true : undefined;
                return (
                  <div class={`field ${m.type === 'boolean' ? 'switch' : ''}`} key={m.key}>
                    {m.type === 'boolean' ? (
                      <label for={id}>
                        <input
                          id={id}
                          type="checkbox"
                          role="switch"
                          checked={values[m.key] === true}
                          aria-describedby={described}
                          aria-invalid={invalid}
                          onChange={(e) => set(e.currentTarget.checked)}
                        />
                        {m.label}
                      </label>
                    ) : (
                      <label for={id}>{m.label}</label>
                    )}
                    {m.type === 'number' && (
                      <input
                        id={id}
                        type="number"
                        min={0}
                        inputMode="numeric"
                        value={asText(values[m.key])}
                        aria-describedby={described}
                        aria-invalid={invalid}
                        onInput={(e) => set(e.currentTarget.value)}
                      />
                    )}
                    {m.type === 'text' && (
                      <input
                        id={id}
                        type="text"
                        maxLength={2}
                        value={asText(values[m.key])}
                        aria-describedby={described}
                        aria-invalid={invalid}
                        onInput={(e) => set(e.currentTarget.value)}
                      />
                    )}
                    {m.type === 'lines' && (
                      <textarea
                        id={id}
                        rows={3}
                        value={asText(values[m.key])}
                        aria-describedby={described}
                        aria-invalid={invalid}
                        onInput={(e) => set(e.currentTarget.value)}
                      />
                    )}
                    {m.type === 'choice' && (
                      <select id={id} value={asText(values[m.key])} aria-describedby={described} onChange={(e) => set(e.currentTarget.value)}>
                        {m.choices?.map((c) => (
                          <option key={c.value} value={c.value}>
                            {c.label}
                          </option>
                        ))}
                      </select>
                    )}
                    <p id={`${id}-help`} class="help">
                      {m.help}
                    </p>
                    {errors[m.key] && (
                      <p id={`${id}-error`} class="error" role="alert">
                        {errors[m.key]}
                      </p>
                    )}
                  </div>
                );
              })}
            </fieldset>
          ))}
          <Status message={message} />
          <button type="submit">Save</button>
        </form>
      )}
    </section>
  );
};
