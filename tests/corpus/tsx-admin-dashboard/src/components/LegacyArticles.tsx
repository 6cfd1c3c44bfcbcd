import { useEffect, useState } from 'react';

import { paginatedApiFetch } from '../api/http';

/** Still on the legacy REST API until the article import moves to the current one. */
interface Artikel {
  id: number;
  nummer: string;
  name_de: string;
}

interface Lieferschein {
  id: number;
  belegnr: string;
  status: string;
}

export function LegacyArticles() {
  const [articles, setArticles] = useState<Artikel[]>([]);
  const [notes, setNotes] = useState<Lieferschein[]>([]);

  useEffect(() => {
    paginatedApiFetch<Artikel>(null, "/v1/artikel", "GET").then(setArticles);
    paginatedApiFetch<Lieferschein>(null, '/v1/belege/lieferscheine', 'GET').then(setNotes);
  }, []);

  return (
    <div className="legacy">
      <h3>Artikel ({articles.length})</h3>
      <ul>
        {articles.slice(0, 50).map((a) => (
          <li key={a.id}>
            {a.nummer} {a.name_de}
          </li>
        ))}
      </ul>
      <h3>Lieferscheine ({notes.length})</h3>
      <ul>
        {notes.map((n) => (
          <li key={n.id}>
            {n.belegnr}: {n.status}
          </li>
        ))}
      </ul>
    </div>
  );
}
