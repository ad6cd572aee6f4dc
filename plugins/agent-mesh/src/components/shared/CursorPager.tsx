import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';

/**
 * Cursor paging state: the cursors of the pages before the current one (the first page has none), the
 * cursor to ask with, and moves newer and older.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<string[]>([]);
  const newer = useCallback(() => setCursors(c => c.slice(0, -1)), []);
  const older = useCallback(
    (nextCursor: string) => setCursors(c => [...c, nextCursor]),
    [],
  );
  const reset = useCallback(() => setCursors([]), []);
  return {
    /** The cursor of the current page; undefined on the first. */
    cursor: cursors[cursors.length - 1] as string | undefined,
    /** 1 for the first page. */
    page: cursors.length + 1,
    newer,
    older,
    reset,
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** Newer and older buttons around the page number, e.g. `Newer runs · Page 2 · Older runs`. */
export function CursorPager(props: {
  pages: CursorPages;
  /** What the pages hold, in the buttons' words: `runs`, `entries`. */
  noun: string;
  /** The current page as it loads: no move while loading, no older page without a next cursor. */
  result: { loading: boolean; value?: { nextCursor?: string } };
}) {
  const { pages, noun } = props;
  const { loading, value } = props.result;
  const nextCursor = value?.nextCursor;
  return (
    <Box display="flex" alignItems="center" mt={2} style={{ gap: 16 }}>
      <Button
        variant="outlined"
        size="small"
        disabled={loading || pages.page === 1}
        onClick={pages.newer}
      >
        Newer {noun}
      </Button>
      <Typography variant="body2">Page {pages.page}</Typography>
      <Button
        variant="outlined"
        size="small"
        disabled={loading || !nextCursor}
        onClick={() => nextCursor && pages.older(nextCursor)}
      >
        Older {noun}
      </Button>
    </Box>
  );
}
