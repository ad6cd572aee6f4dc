import { Lane } from '@agent-mesh/plugin-agent-mesh-common';
import Chip from '@material-ui/core/Chip';

/** A lane as a chip; `execute` (full write) stands out. */
export function LaneChip(props: { lane: Lane; title?: string }) {
  return (
    <Chip
      size="small"
      color={props.lane === 'execute' ? 'primary' : 'default'}
      label={props.lane}
      title={props.title}
    />
  );
}
