import { Table, TableColumn } from '@backstage/core-components';

/** A dense table inside a card: no paging, search or toolbar of its own (the card has the title). */
export function CardTable<T extends object>(props: {
  columns: TableColumn<T>[];
  data: T[];
}) {
  return (
    <Table<T>
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={props.columns}
      data={props.data}
    />
  );
}
