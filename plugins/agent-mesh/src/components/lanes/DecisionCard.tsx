import { InfoCard, Progress, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { CardTable, MeshRequestError } from '../shared';
import { LaneNotice, LaneNoticeView } from './LaneNotice';

/**
 * A card of things that wait for a person's decision (promotion requests, runs at the approval gate): the
 * outcome of the last decision, the read's error or progress, the empty text, and the table, with the
 * reason the user may not decide above it (`noteId`, which the disabled buttons point to). `children` is
 * the open decision dialog.
 */
export function DecisionCard<T extends object>(props: {
  title: string;
  notice?: LaneNotice;
  error?: Error;
  /** Undefined until the first read answers. */
  items?: T[];
  empty: string;
  noteId: string;
  /** Why the user may not decide; shown once above the table. */
  note?: string;
  columns: TableColumn<T>[];
  children?: ReactNode;
}) {
  const { items, note } = props;
  return (
    <InfoCard title={props.title}>
      <LaneNoticeView notice={props.notice} />
      {props.error && <MeshRequestError error={props.error} />}
      {!items && !props.error && <Progress />}
      {items && items.length === 0 && (
        <Typography variant="body2">{props.empty}</Typography>
      )}
      {items && items.length > 0 && (
        <>
          {note && (
            <Typography
              id={props.noteId}
              variant="body2"
              color="textSecondary"
              paragraph
            >
              {note}
            </Typography>
          )}
          <CardTable columns={props.columns} data={items} />
        </>
      )}
      {props.children}
    </InfoCard>
  );
}
