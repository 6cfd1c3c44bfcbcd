import { useEffect, useState } from 'react';

import { paginatedApiFetch } from '../api/http';

interface Product {
  id: string;
  number: string;
  name: string;
  stockCount?: number;
}

export function ProductTable({ filter }: { filter: string }) {
  const [products, setProducts] = useState<Product[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    paginatedApiFetch<Product>(controller.signal, '/v1/products', 'GET')
      .then(setProducts)
      .catch((e: Error) => {
        if (e.name !== 'AbortError') setError(e.message);
      });
    return () => controller.abort();
  }, []);

  const shown = products.filter((p) => !filter || p.name.toLowerCase().includes(filter.toLowerCase()));

  if (error) {
    return <p className="error">Products could not be loaded ({error}).</p>;
  }
  return (
    <table className="products">
      <thead>
        <tr>
          <th>Number</th>
          <th>Name</th>
          <th>Stock</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((p) => (
          <tr key={p.id}>
            <td>{p.number}</td>
            <td>{p.name}</td>
            <td>{p.stockCount ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
