export { PanelNotice, panelHasData } from './PanelNotice';
export { MeshRequestError, missingAnnotationOf } from './MeshRequestError';
export { MeshEntityGuard } from './MeshEntityGuard';
export { isAgentMeshAgent, agentNameOf } from './isAgentMeshAgent';
export { LaneChip } from './LaneChip';
export { alarmConsoleUrl, executionConsoleUrl } from './awsConsoleLinks';
export { ConsoleLink } from './ConsoleLink';
export { agentHealth, type AgentHealth } from './agentHealth';
export { AgentHealthLabel } from './AgentHealthLabel';
export { FilterSelect } from './FilterSelect';
export {
  DEFAULT_REFRESH_INTERVAL_SECONDS,
  STALE_AFTER_INTERVALS,
  staleAgeSeconds,
} from './staleness';
export { StaleSnapshotNotice } from './StaleSnapshotNotice';
export { CompactTime, NO_WRAP, shortDate, WRAP_WORDS } from './CompactTime';
export { StackedBarChart, type StackedBarSeries } from './StackedBarChart';
export { CursorPager, useCursorPages, type CursorPages } from './CursorPager';
export { CardTable } from './CardTable';
export { SnapshotStateItems } from './SnapshotStateItems';
export { CompactColumn } from './CompactColumn';
