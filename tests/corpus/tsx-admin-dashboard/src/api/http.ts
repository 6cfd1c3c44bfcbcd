import axios from 'axios';

import { API_BASE } from './routes';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Current API, version 1, through the proxy. */
export const api = axios.create({
  baseURL: '/api/v1',
  headers: { Accept: 'application/json' },
  timeout: 15000,
});

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * Reads every page of a list endpoint. `path` is relative to the API root, e.g. "/v1/products".
 * Legacy endpoints (/v1/artikel …) page with `page`/`items`, current ones with page[number]/page[size];
 * both are sent, each API ignores the other's.
 */
export async function paginatedApiFetch<T>(
  signal: AbortSignal | null,
  path: string,
  method: Method = 'GET',
  body?: unknown,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; page < 200; page++) {
    const qs = new URLSearchParams({ page: String(page), items: '100', 'page[number]': String(page), 'page[size]': '100' });
    const res = await fetch(`${API_BASE}${path}?${qs}`, {
      method,
      signal: signal ?? undefined,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      throw new ApiError(res.status, `request failed with ${res.status}`);
    }
    const json = await res.json();
    const rows: T[] = json.data ?? [];
    all.push(...rows);
    if (rows.length < 100) {
      break;
    }
  }
  return all;
}
