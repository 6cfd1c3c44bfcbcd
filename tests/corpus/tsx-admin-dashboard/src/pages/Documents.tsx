import { useEffect, useState } from 'react';

import { paginatedApiFetch } from '../api/http';
import type { DocumentTab } from '../api/routes';

const ENDPOINT: Record<DocumentTab, string> = {
  invoices: '/v1/invoices',
  credit: '/v1/creditNotes',
  delivery: '/v1/deliveryNotes',
};

interface Doc {
  id: string;
  documentNumber: string;
  date: string;
}

export default function Documents() {
  const [tab, setTab] = useState<DocumentTab>('invoices');
  const [docs, setDocs] = useState<Doc[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    paginatedApiFetch<Doc>(controller.signal, ENDPOINT[tab], 'GET').then(setDocs, () => setDocs([]));
    return () => controller.abort();
  }, [tab]);

  return (
    <main>
      <nav>
        {(Object.keys(ENDPOINT) as DocumentTab[]).map((t) => (
          <button key={t} aria-pressed={t === tab} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </nav>
      <ul>
        {docs.map((d) => (
          <li key={d.id}>
            {d.documentNumber} · {d.date}
          </li>
        ))}
      </ul>
    </main>
  );
}
