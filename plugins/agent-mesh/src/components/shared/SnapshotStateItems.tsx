import { Progress } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { MeshRequestError } from './MeshRequestError';

/**
 * The grid items a tab shows before its snapshot's cards: the request's error, or progress while the
 * first snapshot is read. Takes `useMeshSnapshot`'s answer as it is.
 */
export function SnapshotStateItems(props: {
  error?: Error;
  loading: boolean;
  snapshot?: object;
}) {
  const { error, loading, snapshot } = props;
  return (
    <>
      {error && (
        <Grid item xs={12}>
          <MeshRequestError error={error} />
        </Grid>
      )}
      {loading && !snapshot && !error && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
    </>
  );
}
