import { createRouteRef } from '@backstage/core-plugin-api';

/** The mesh list page. */
export const rootRouteRef = createRouteRef({ id: 'agent-mesh' });
