import { useEffect, useState } from 'react';

// The console's pages live under /desk; the server answers every one of these paths with the
// console (desk/api/console-routes.ts), so a reload or a shared link opens the same page.

export type Route =
  | { page: 'queue' }
  | { page: 'cases' }
  | { page: 'case'; id: string }
  | { page: 'approvals' }
  | { page: 'audit' }
  | { page: 'operators' }
  | { page: 'notFound' };

/** A case's id (a UUID), as the server's routes accept it. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/desk' || path === '/desk/queue') return { page: 'queue' };
  if (path === '/desk/cases') return { page: 'cases' };
  const caseMatch = /^\/desk\/cases\/([^/]+)$/.exec(path);
  if (caseMatch && GUID.test(caseMatch[1]!)) return { page: 'case', id: caseMatch[1]!.toLowerCase() };
  if (path === '/desk/approvals') return { page: 'approvals' };
  if (path === '/desk/audit') return { page: 'audit' };
  if (path === '/desk/operators') return { page: 'operators' };
  return { page: 'notFound' };
}

const listeners = new Set<() => void>();

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

export function useLocation(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}
