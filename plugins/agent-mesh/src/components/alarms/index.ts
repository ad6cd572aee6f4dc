export { AlarmsCard } from './AlarmsCard';
export { MetricsCard } from './MetricsCard';
export { EntityAgentMeshAlarmsContent } from './EntityAgentMeshAlarmsContent';
