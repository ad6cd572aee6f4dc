import { GateInput } from './gateInput';

/** Why run evidence cannot be judged (no snapshot, or its runs panel failed), or undefined. */
export function runsUnreadable(input: GateInput): string | undefined {
  const runs = input.stored?.snapshot.runs;
  if (!runs) return 'No snapshot of this mesh yet';
  if (runs.status === 'error') {
    return `The runs could not be read: ${runs.error?.name ?? 'Error'}: ${
      runs.error?.message ?? 'unknown reason'
    }`;
  }
  if (runs.status === 'pending') return 'The runs have not been read yet';
  return undefined;
}
