import Box, { BoxProps } from '@material-ui/core/Box';

/** Its children one under another, each only as wide as it needs, 4 px apart: chips or buttons in a table cell. */
export function CompactColumn(props: Omit<BoxProps, 'style'>) {
  return (
    <Box
      display="flex"
      flexDirection="column"
      alignItems="flex-start"
      style={{ gap: 4 }}
      {...props}
    />
  );
}
