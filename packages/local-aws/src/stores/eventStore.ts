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

/** Events kept per bus; the oldest are dropped beyond `capacity` per bus. */
export class EventStore {
  private readonly buses = new Map<string, Bus>();

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
    return stored;
  }

  /** Events of every bus, newest first, optionally of one bus and detail-type. */
  events(
    filter: { bus?: string; detailType?: string; limit?: number } = {},
  ): StoredEvent[] {
    const all = [...this.buses.values()]
      .filter(b => !filter.bus || b.name === filter.bus)
      .flatMap(b => b.events)
      .filter(e => !filter.detailType || e.detailType === filter.detailType)
      .sort((a, b) => b.time - a.time);
    return all.slice(0, filter.limit ?? 100);
  }

  removeMesh(meshId: string): void {
    for (const [key, bus] of this.buses)
      if (bus.meshId === meshId) this.buses.delete(key);
  }
}
