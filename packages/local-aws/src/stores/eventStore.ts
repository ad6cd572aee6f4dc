import { EventRule, ruleMatches, toEnvelope } from './eventRules';

/** An event as it arrived on a bus. */
export interface StoredEvent {
  id: string;
  bus: string;
  region: string;
  account: string;
  source: string;
  detailType: string;
  detail: string;
  resources: string[];
  time: number;
}

interface Bus {
  name: string;
  region: string;
  account: string;
  meshId?: string;
  events: StoredEvent[];
}

/**
 * Events kept per bus; the oldest are dropped beyond `capacity` per bus. Rules on a bus deliver each matching
 * event to their target as it is appended, whoever put it (PutEvents or a workflow's task).
 */
export class EventStore {
  private readonly buses = new Map<string, Bus>();
  private readonly rules: EventRule[] = [];
  /** Deliveries whose target threw; EventBridge would retry them and then drop them. */
  failedInvocations = 0;

  constructor(private readonly capacity = 5000) {}

  createBus(input: {
    name: string;
    region: string;
    account: string;
    meshId?: string;
  }): void {
    this.buses.set(`${input.region}|${input.name}`, { ...input, events: [] });
  }

  /** A bus by name or ARN, within a region. */
  bus(region: string, nameOrArn: string): Bus | undefined {
    const match =
      /^arn:aws[a-z-]*:events:([a-z0-9-]+):\d{12}:event-bus\/(.+)$/.exec(
        nameOrArn,
      );
    if (match)
      return match[1] === region
        ? this.buses.get(`${region}|${match[2]}`)
        : undefined;
    return this.buses.get(`${region}|${nameOrArn}`);
  }

  list(region: string): Bus[] {
    return [...this.buses.values()]
      .filter(b => b.region === region)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  append(
    bus: Bus,
    event: Omit<StoredEvent, 'bus' | 'region' | 'account'>,
  ): StoredEvent {
    const stored = {
      ...event,
      bus: bus.name,
      region: bus.region,
      account: bus.account,
    };
    bus.events.push(stored);
    if (bus.events.length > this.capacity)
      bus.events.splice(0, bus.events.length - this.capacity);
    this.deliver(stored);
    return stored;
  }

  addRule(rule: EventRule): void {
    this.rules.push(rule);
  }

  /** The rules on a bus. */
  rulesOf(region: string, bus: string): EventRule[] {
    return this.rules.filter(r => r.region === region && r.bus === bus);
  }

  private deliver(event: StoredEvent): void {
    for (const rule of this.rules) {
      if (!ruleMatches(rule, event)) continue;
      try {
        rule.target(toEnvelope(event));
      } catch {
        // A failing target never fails the put, as on EventBridge.
        this.failedInvocations++;
      }
    }
  }

  /** Events of every bus, newest first, optionally of one bus, source and detail-type. */
  events(
    filter: {
      bus?: string;
      source?: string;
      detailType?: string;
      limit?: number;
    } = {},
  ): StoredEvent[] {
    const all = [...this.buses.values()]
      .filter(b => !filter.bus || b.name === filter.bus)
      .flatMap(b => b.events)
      .filter(e => !filter.source || e.source === filter.source)
      .filter(e => !filter.detailType || e.detailType === filter.detailType)
      .sort((a, b) => b.time - a.time);
    return all.slice(0, filter.limit ?? 100);
  }

  removeMesh(meshId: string): void {
    for (const [key, bus] of this.buses) {
      if (bus.meshId !== meshId) continue;
      this.buses.delete(key);
      for (let i = this.rules.length - 1; i >= 0; i--)
        if (
          this.rules[i].region === bus.region &&
          this.rules[i].bus === bus.name
        )
          this.rules.splice(i, 1);
    }
  }
}
