import { ApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../../schema/openapi';

/** The router generated from `src/schema/openapi.yaml`, typed by its paths. */
export type AgentMeshApiRouter = ApiRouter<typeof spec>;
