export { RunsChart } from './RunsChart';
export { RunsTable } from './RunsTable';
export { RunHistory } from './RunHistory';
export { EntityAgentMeshRunsContent } from './EntityAgentMeshRunsContent';
