/** A parsed HTTP response. */
export interface Reply<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the response is JSON, otherwise the raw text. */
  readonly body: T;
}

/** Options for {@link call}. */
export interface CallOptions {
  /** Serialised as the JSON request body. */
  readonly json?: unknown;
  /** Sent verbatim, as JSON content type, for malformed-body cases. */
  readonly rawJson?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends one request with `fetch` and parses the answer. */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const body =
    options.rawJson ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return {
    status: response.status,
    headers: response.headers,
    body: (isJson ? JSON.parse(text) : text) as T,
  };
}
