// Browser-side calls to the JSON API. One result shape, so components only branch on `ok`.

export type ApiError = { code: string; message: string; fields?: Record<string, string> };
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

export function postJson<T>(path: string, body?: unknown): Promise<ApiResult<T>> {
  return sendJson<T>('POST', path, body ?? {});
}

export async function sendJson<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, error: { code: 'network', message: 'Could not reach the server. Check your connection.' } };
  }
  const data = (await response.json().catch(() => null)) as (T & { error?: ApiError }) | null;
  if (response.ok && data) return { ok: true, status: response.status, data };
  return {
    ok: false,
    status: response.status,
    error: data?.error ?? { code: 'unexpected', message: `The server answered ${response.status}.` },
  };
}
