import { useCallback, useEffect, useState } from 'preact/hooks';

/** Loads something on mount (and on `reload`), keeping its error to show. */
export const useLoad = <T,>(load: () => Promise<T>, deps: readonly unknown[]) => {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState('');
  const reload = useCallback(
    () =>
      load().then(
        (value) => {
          setData(value);
          setError('');
        },
        (failure: Error) => setError(failure.message),
      ),
    deps,
  );
  useEffect(() => void reload(), [reload]);
  return { data, error, reload };
};

export const Status = ({ message, error }: { message?: string; error?: string }) => (
  <>
    {error ? (
      <p class="error" role="alert">
        {error}
      </p>
    ) : null}
    {message ? (
      <p class="notice" role="status">
        {message}
      </p>
    ) : null}
  </>
);

export const when = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

/** A form value as text (numbers and strings; anything else empty). */
export const asText = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
