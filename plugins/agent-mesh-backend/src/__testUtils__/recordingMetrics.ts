import {
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  MetricAttributes,
  MetricOptions,
  MetricsService,
  MetricsServiceObservable,
  MetricsServiceObservableCallback,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { AWS_CALLS_METRIC } from '../metrics/awsCallMetrics';

type Kind =
  | 'counter'
  | 'upDownCounter'
  | 'histogram'
  | 'gauge'
  | 'observableCounter'
  | 'observableUpDownCounter'
  | 'observableGauge';

/** A measurement: its value and attributes. */
export interface MetricPoint {
  value: number;
  attributes: MetricAttributes;
}

/** Whether `attributes` hold every entry of `match`. */
function matches(attributes: MetricAttributes, match: MetricAttributes) {
  return Object.entries(match).every(
    ([key, value]) => attributes[key] === value,
  );
}

function attributesKey(attributes: MetricAttributes): string {
  return JSON.stringify(
    Object.entries(attributes)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * A {@link MetricsService} that keeps what the plugin records in memory, for tests and benchmarks: counters
 * summed per set of attributes, histogram and gauge records in order, observable callbacks run on
 * {@link RecordingMetrics.observe}. Creating an instrument twice under one name with another kind or unit
 * throws, as it would be a conflict in OpenTelemetry.
 */
export class RecordingMetrics implements MetricsService {
  readonly instruments = new Map<string, { kind: Kind } & MetricOptions>();
  private readonly sums = new Map<string, Map<string, MetricPoint>>();
  private readonly records = new Map<string, MetricPoint[]>();
  private readonly callbacks = new Map<
    string,
    Set<MetricsServiceObservableCallback<any>>
  >();

  /** A service factory that gives every plugin of a test backend this instance. */
  factory(): ServiceFactory<MetricsService, 'plugin', 'singleton'> {
    return createServiceFactory({
      service: metricsServiceRef,
      deps: {},
      factory: () => this,
    });
  }

  createCounter<T extends MetricAttributes = MetricAttributes>(
    name: string,
    opts?: MetricOptions,
  ) {
    this.register(name, 'counter', opts);
    return {
      add: (value: number, attributes?: T) => {
        if (value < 0) {
          throw new Error(`counter ${name} was given ${value}`);
        }
        this.addTo(name, value, attributes);
      },
    };
  }

  createUpDownCounter<T extends MetricAttributes = MetricAttributes>(
    name: string,
    opts?: MetricOptions,
  ) {
    this.register(name, 'upDownCounter', opts);
    return {
      add: (value: number, attributes?: T) =>
        this.addTo(name, value, attributes),
    };
  }

  createHistogram<T extends MetricAttributes = MetricAttributes>(
    name: string,
    opts?: MetricOptions,
  ) {
    this.register(name, 'histogram', opts);
    return {
      record: (value: number, attributes?: T) =>
        this.recordIn(name, value, attributes),
    };
  }

  createGauge<T extends MetricAttributes = MetricAttributes>(
    name: string,
    opts?: MetricOptions,
  ) {
    this.register(name, 'gauge', opts);
    return {
      record: (value: number, attributes?: T) =>
        this.recordIn(name, value, attributes),
    };
  }

  createObservableCounter<T extends MetricAttributes = MetricAttributes>(
    name: string,
    opts?: MetricOptions,
  ) {
    return this.observable<T>(name, 'observableCounter', opts);
  }

  createObservableUpDownCounter<T extends MetricAttributes = MetricAttributes>(
    name: string,
    opts?: MetricOptions,
  ) {
    return this.observable<T>(name, 'observableUpDownCounter', opts);
  }

  createObservableGauge<T extends MetricAttributes = MetricAttributes>(
    name: string,
    opts?: MetricOptions,
  ) {
    return this.observable<T>(name, 'observableGauge', opts);
  }

  /** The sums of counter `name`, one point per set of attributes. */
  points(name: string): MetricPoint[] {
    return [...(this.sums.get(name)?.values() ?? [])].map(p => ({ ...p }));
  }

  /** The sum of counter `name` over the points whose attributes hold every entry of `match`. */
  sum(name: string, match: MetricAttributes = {}): number {
    return this.points(name)
      .filter(p => matches(p.attributes, match))
      .reduce((total, p) => total + p.value, 0);
  }

  /** What histogram or gauge `name` recorded, in order. */
  recorded(name: string): MetricPoint[] {
    return [...(this.records.get(name) ?? [])];
  }

  /** Runs the callbacks of observable `name`, as a metrics collection would, and returns what they observed. */
  async observe(name: string): Promise<MetricPoint[]> {
    const observed: MetricPoint[] = [];
    for (const callback of this.callbacks.get(name) ?? []) {
      await callback({
        observe: (value, attributes) =>
          observed.push({ value, attributes: { ...attributes } }),
      });
    }
    return observed;
  }

  /** The AWS requests counted so far, by `Service.Operation`, whatever their result. */
  awsCalls(): Record<string, number> {
    const calls: Record<string, number> = {};
    for (const { attributes, value } of this.points(AWS_CALLS_METRIC)) {
      const key = `${attributes.service}.${attributes.operation}`;
      calls[key] = (calls[key] ?? 0) + value;
    }
    return calls;
  }

  private register(name: string, kind: Kind, opts: MetricOptions = {}) {
    const known = this.instruments.get(name);
    if (known && (known.kind !== kind || known.unit !== opts.unit)) {
      throw new Error(
        `metric ${name} created as ${kind} (${opts.unit}) and as ${known.kind} (${known.unit})`,
      );
    }
    this.instruments.set(name, { kind, ...opts });
  }

  private addTo(
    name: string,
    value: number,
    attributes: MetricAttributes = {},
  ) {
    const points = this.sums.get(name) ?? new Map<string, MetricPoint>();
    this.sums.set(name, points);
    const key = attributesKey(attributes);
    const point = points.get(key) ?? {
      value: 0,
      attributes: { ...attributes },
    };
    point.value += value;
    points.set(key, point);
  }

  private recordIn(
    name: string,
    value: number,
    attributes: MetricAttributes = {},
  ) {
    const records = this.records.get(name) ?? [];
    this.records.set(name, records);
    records.push({ value, attributes: { ...attributes } });
  }

  private observable<T extends MetricAttributes>(
    name: string,
    kind: Kind,
    opts?: MetricOptions,
  ): MetricsServiceObservable<T> {
    this.register(name, kind, opts);
    const callbacks =
      this.callbacks.get(name) ??
      new Set<MetricsServiceObservableCallback<any>>();
    this.callbacks.set(name, callbacks);
    return {
      addCallback: callback => {
        callbacks.add(callback);
      },
      removeCallback: callback => {
        callbacks.delete(callback);
      },
    };
  }
}

/** Calls made between two {@link RecordingMetrics.awsCalls} readings, without zero entries. */
export function callsBetween(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) {
      result[key] = delta;
    }
  }
  return result;
}
