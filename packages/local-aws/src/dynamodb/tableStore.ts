import { Item } from './attributeValues';

/** A table with the mesh KV table's key schema: `pk` (S) partition key, `sk` (S) sort key. */
export interface Table {
  name: string;
  region: string;
  account: string;
  meshId: string;
  createdMs: number;
  partitions: Map<string, Map<string, Item>>;
}

export const HASH_KEY = 'pk';
export const RANGE_KEY = 'sk';

/** DynamoDB tables by region and name. */
export class TableStore {
  private readonly tables = new Map<string, Table>();

  create(input: {
    name: string;
    region: string;
    account: string;
    meshId: string;
    createdMs: number;
  }): Table {
    const table: Table = { ...input, partitions: new Map() };
    this.tables.set(`${input.region}|${input.name}`, table);
    return table;
  }

  get(region: string, name: string): Table | undefined {
    return this.tables.get(`${region}|${name}`);
  }

  list(region: string): Table[] {
    return [...this.tables.values()]
      .filter(t => t.region === region)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  removeMesh(meshId: string): void {
    for (const [key, table] of this.tables)
      if (table.meshId === meshId) this.tables.delete(key);
  }

  static read(table: Table, pk: string, sk: string): Item | undefined {
    return table.partitions.get(pk)?.get(sk);
  }

  static write(table: Table, item: Item): void {
    const pk = item[HASH_KEY].S as string;
    const sk = item[RANGE_KEY].S as string;
    let partition = table.partitions.get(pk);
    if (!partition) {
      partition = new Map();
      table.partitions.set(pk, partition);
    }
    partition.set(sk, item);
  }

  static remove(table: Table, pk: string, sk: string): void {
    table.partitions.get(pk)?.delete(sk);
  }

  static itemCount(table: Table): number {
    let n = 0;
    for (const p of table.partitions.values()) n += p.size;
    return n;
  }
}
