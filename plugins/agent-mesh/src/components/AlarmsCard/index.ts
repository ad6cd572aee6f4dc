export { AlarmsCard } from './AlarmsCard';
