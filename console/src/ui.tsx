// Small pieces every page uses: the server's refusal shown as an alert, a status line for what
// just changed, and a hook that loads data and reloads it after a change without a page reload.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/** A refusal or failure: the server's Message, announced to screen readers. */
export function ErrorText({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return <p role="alert" class="error">{messageOf(error)}</p>;
}

export function StatusText({ text }: { text: string | null }) {
  return <p role="status" class="status">{text ?? ''}</p>;
}

/** Forbidden for this user's roles: say so plainly, with the server's words. */
export function NotAllowed({ what, error }: { what: string; error?: unknown }) {
  return (
    <div class="notice" role="note">
      <p>Your roles do not allow you to {what}; a Portal Administrator can.</p>
      {error !== undefined && <p class="server-message">The server said: {messageOf(error)}</p>}
    </div>
  );
}

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  // The caller names what load depends on, as with useEffect.
  const run = useCallback(load, deps);
  // What the shown data was loaded for: when the deps change, the render that follows is already
  // loading (the effect that starts the load runs after it is painted), so a pager never offers
  // to move from a page that is about to be replaced.
  const settledFor = useRef<unknown>(undefined);
  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const value = await run();
      if (call === latest.current) {
        setData(value);
        setError(null);
      }
    } catch (err) {
      if (call === latest.current) setError(err);
    } finally {
      if (call === latest.current) {
        settledFor.current = run;
        setLoading(false);
      }
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading: loading || settledFor.current !== run, reload };
}

/** A page's heading takes focus when the page opens, so keyboard and screen-reader users land on it. */
export function PageHeading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return <h1 tabIndex={-1} ref={ref}>{children}</h1>;
}
