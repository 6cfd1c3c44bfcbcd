import { useEffect, useState } from 'react';

import { api } from '../api/http';
import type { StorageLocation, Warehouse } from '../api/routes';

export function useWarehouses() {
  const [warehouses, setWarehouses] = useState<Warehouse[]>([]);
  useEffect(() => {
    api.get<{ data: Warehouse[] }>('/warehouses').then((r) => setWarehouses(r.data.data));
  }, []);
  return warehouses;
}

export function useStorageLocations(warehouseId: string | undefined) {
  const [locations, setLocations] = useState<StorageLocation[]>([]);
  useEffect(() => {
    if (!warehouseId) return;
    api
      .get<{ data: StorageLocation[] }>(`/warehouses/${warehouseId}/storageLocations`)
      .then((r) => setLocations(r.data.data));
  }, [warehouseId]);
  return locations;
}
