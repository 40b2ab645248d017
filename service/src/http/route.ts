import type { Request } from 'express';

/** Label used for requests that matched no route, so unknown paths cannot explode cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The route template that handled `req` (e.g. `/tasks/:id`), for logs and metric labels. */
export function routeTemplate(req: Request): string {
  const route: unknown = req.route;
  if (typeof route !== 'object' || route === null || !('path' in route)) return UNMATCHED_ROUTE;
  return typeof route.path === 'string' ? `${req.baseUrl}${route.path}` : UNMATCHED_ROUTE;
}
