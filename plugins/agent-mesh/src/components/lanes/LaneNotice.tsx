import { StatusOK, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** What the user's last action did, shown above its card until the next one. */
export type LaneNotice =
  | { severity: 'success'; text: string }
  | { severity: 'warning'; text: string };

/** A success as a polite status message; a conflict or refusal as a warning (an alert). */
export function LaneNoticeView(props: { notice?: LaneNotice }) {
  const { notice } = props;
  if (!notice) {
    return null;
  }
  if (notice.severity === 'warning') {
    return <WarningPanel severity="warning" title={notice.text} />;
  }
  return (
    <Box role="status" mb={2}>
      {/* The icon is hidden from screen readers; the text is read. */}
      <StatusOK />
      <Typography variant="body2" component="span">
        {notice.text}
      </Typography>
    </Box>
  );
}
