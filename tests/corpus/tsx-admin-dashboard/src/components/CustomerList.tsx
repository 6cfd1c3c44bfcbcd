import { useEffect, useState } from 'react';

import { api } from '../api/http';

interface Customer {
  id: string;
  name: string;
  email?: string;
  blocked?: boolean;
}

export function CustomerList() {
  const [customers, setCustomers] = useState<Customer[]>([]);

  async function reload() {
    const { data } = await api.get<{ data: Customer[] }>('/customers');
    setCustomers(data.data);
  }

  useEffect(() => {
    void reload();
  }, []);

  async function toggleBlocked(customer: Customer) {
    await api.patch(`/customers/${customer.id}`, { blocked: !customer.blocked });
    await reload();
  }

  async function remove(customer: Customer) {
    if (!window.confirm(`Delete ${customer.name}?`)) return;
    await api.delete(`/customers/${customer.id}`);
    await reload();
  }

  return (
    <table>
      <tbody>
        {customers.map((c) => (
          <tr key={c.id} className={c.blocked ? 'blocked' : undefined}>
            <td>{c.name}</td>
            <td>{c.email}</td>
            <td>
              <button onClick={() => toggleBlocked(c)}>{c.blocked ? 'Unblock' : 'Block'}</button>
              <button onClick={() => remove(c)}>Delete</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
