import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { AgentHealth } from './agentHealth';

/** An agent's health as a status label that never wraps inside a word. */
export function AgentHealthLabel(props: { health: AgentHealth }) {
  const label = (() => {
    switch (props.health) {
      case 'alarm':
        return <StatusError>in ALARM</StatusError>;
      case 'failing':
        return <StatusWarning>failed runs</StatusWarning>;
      case 'idle':
        return <StatusPending>no runs</StatusPending>;
      case 'unknown':
        return <StatusPending>unknown</StatusPending>;
      default:
        return <StatusOK>OK</StatusOK>;
    }
  })();
  return <span style={{ whiteSpace: 'nowrap' }}>{label}</span>;
}
