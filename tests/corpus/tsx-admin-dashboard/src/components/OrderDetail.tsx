import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';

interface Order {
  id: string;
  documentNumber: string;
  status: string;
  positions?: { id: string; product: { name: string }; quantity: number }[];
}

export function OrderDetail() {
  const { orderId } = useParams<{ orderId: string }>();
  const [order, setOrder] = useState<Order | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const res = await fetch(`/api/v1/salesOrders/${orderId}`);
    setOrder((await res.json()).data);
  }, [orderId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function dispatch() {
    setBusy(true);
    try {
      await fetch(`/api/v1/salesOrders/${orderId}/actions/dispatch`, { method: 'POST' });
      await load();
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!window.confirm('Cancel this order?')) return;
    await fetch('/api/v1/salesOrders/' + orderId + '/actions/cancel', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'cancelled in dashboard' }),
    });
    await load();
  }

  if (!order) return <p>Loading…</p>;
  return (
    <section>
      <h2>
        Order {order.documentNumber} <small>{order.status}</small>
      </h2>
      <ul>
        {order.positions?.map((p) => (
          <li key={p.id}>
            {p.quantity} × {p.product.name}
          </li>
        ))}
      </ul>
      <button disabled={busy} onClick={dispatch}>
        Dispatch
      </button>
      <button disabled={busy} onClick={cancel}>
        Cancel
      </button>
    </section>
  );
}
