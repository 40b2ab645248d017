/** The sandbox's admin API, as an operator would call it. */
export async function admin(url: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/_sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

export interface SandboxStats {
  total: number;
  byService: Record<string, Record<string, number>>;
  injected: { delayed: number; delayMs: number; throttled: number; errors: number };
  quota: { throttled: number; byService: Record<string, Record<string, number>> };
}

export const stats = (url: string) => admin(url, 'stats') as Promise<SandboxStats>;
export const resetStats = (url: string) => admin(url, 'stats/reset', {});
export const setFaults = (url: string, spec: unknown) => admin(url, 'faults', spec);
export const resetSandbox = (url: string) => admin(url, 'reset', {});
