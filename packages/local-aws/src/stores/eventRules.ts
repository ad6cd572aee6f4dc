import type { StoredEvent } from './eventStore';

/** An event as EventBridge hands it to a target without input transformation. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 to the second, as EventBridge writes it: `2025-11-24T12:00:00Z`. */
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** An EventBridge rule on one bus: a pattern on source and detail-type, and the target it delivers to. */
export interface EventRule {
  name: string;
  region: string;
  bus: string;
  /** Each listed field must hold one of its values (an absent field matches anything), as in an event pattern. */
  pattern: { source?: string[]; detailType?: string[] };
  target(event: EventEnvelope): void;
}

export function toEnvelope(event: StoredEvent): EventEnvelope {
  return {
    version: '0',
    id: event.id,
    'detail-type': event.detailType,
    source: event.source,
    account: event.account,
    time: new Date(event.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: event.region,
    resources: event.resources,
    detail: JSON.parse(event.detail),
  };
}

export function ruleMatches(rule: EventRule, event: StoredEvent): boolean {
  const { source, detailType } = rule.pattern;
  return (
    rule.region === event.region &&
    rule.bus === event.bus &&
    (!source || source.includes(event.source)) &&
    (!detailType || detailType.includes(event.detailType))
  );
}
