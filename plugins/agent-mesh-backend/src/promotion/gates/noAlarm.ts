import { GateCheck } from './gateInput';

/** No alarm of the agent is in ALARM. An unreadable alarms panel fails the gate with its reason. */
export const noAlarm: GateCheck = input => {
  const base = {
    name: 'no_alarm' as const,
    title: `No alarm of ${input.agent} in ALARM`,
    threshold: 0,
  };
  const alarms = input.stored?.snapshot.alarms;
  if (!alarms) {
    return { ...base, passed: false, reason: 'No snapshot of this mesh yet' };
  }
  if (alarms.status !== 'ok') {
    return {
      ...base,
      passed: false,
      reason:
        alarms.status === 'pending'
          ? 'The alarms have not been read yet'
          : `The alarms could not be read: ${alarms.error?.name ?? 'Error'}: ${
              alarms.error?.message ?? 'unknown reason'
            }`,
    };
  }
  const firing = alarms.items.filter(
    a => a.agent === input.agent && a.state === 'ALARM',
  );
  return {
    ...base,
    passed: firing.length === 0,
    value: firing.length,
    reason:
      firing.length === 0
        ? `No alarm of ${input.agent} is in ALARM`
        : `In ALARM: ${firing.map(a => a.name).join(', ')}`,
  };
};
