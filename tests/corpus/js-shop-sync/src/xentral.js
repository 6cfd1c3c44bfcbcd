import axios from 'axios';

import { TOKEN, XENTRAL_API } from './config.js';

export function authHeaders(extra = {}) {
  return { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', ...extra };
}

/** Current API v1; paths are relative to /api/v1. */
export const xentral = axios.create({
  baseURL: `${XENTRAL_API}/v1`,
  headers: authHeaders(),
  timeout: 20_000,
});

xentral.interceptors.response.use(undefined, (error) => {
  if (error.response?.status === 429) {
    console.warn('xentral: rate limited, retry later');
  }
  return Promise.reject(error);
});
