// Hash routes (#/accounts, #/accounts/<id>, …): the server serves one page, and a link is a link.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly page: 'accounts' }
  | { readonly page: 'account'; readonly id: string }
  | { readonly page: 'whocan' }
  | { readonly page: 'audit' }
  | { readonly page: 'sessions' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === 'accounts' && second) return { page: 'account', id: second };
  if (first === 'whocan' || first === 'audit' || first === 'sessions') return { page: first };
  return { page: 'accounts' };
}

export const hrefOf = (route: Route): string =>
  route.page === 'account' ? `#/accounts/${encodeURIComponent(route.id)}` : `#/${route.page}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
