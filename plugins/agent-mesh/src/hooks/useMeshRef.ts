import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import { MeshRef } from '../api';

/** The mesh of the current entity page, as the backend routes address it. */
export function useMeshRef(): MeshRef {
  const { entity } = useEntity();
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const name = entity.metadata.name;
  return useMemo(() => ({ namespace, name }), [namespace, name]);
}
