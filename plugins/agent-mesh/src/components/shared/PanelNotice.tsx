import { WarningPanel } from '@backstage/core-components';
import { PanelState } from '@agent-mesh/plugin-agent-mesh-common';

/**
 * Whether a panel has data worth showing: read fine, or failed at the last refresh but kept the data of an
 * earlier good read (the backend keeps it, with that read's `fetchedAt`).
 */
export function panelHasData(panel: PanelState): boolean {
  return (
    panel.status === 'ok' ||
    (panel.status === 'error' && panel.fetchedAt !== undefined)
  );
}

/**
 * What a panel's source state means for the reader: nothing when it was read fine, a warning naming the
 * AWS error when its source failed, a note when the first refresh has not read it yet.
 */
export function PanelNotice(props: { label: string; panel: PanelState }) {
  const { label, panel } = props;
  if (panel.status === 'error') {
    const reason = panel.error
      ? `${panel.error.name} — ${panel.error.message}`
      : 'the source could not be read';
    return (
      <WarningPanel
        severity="warning"
        title={`${label} unavailable: ${reason}`}
        message={
          panel.fetchedAt
            ? `Showing what was read at ${new Date(
                panel.fetchedAt,
              ).toLocaleString()}, before the source failed.`
            : 'Nothing has been read from this source yet.'
        }
      />
    );
  }
  if (panel.status === 'pending') {
    return (
      <WarningPanel
        severity="info"
        title={`${label} not read yet: the first refresh has not run`}
        message="The backend reads AWS on a schedule; this view updates when the first refresh has run."
      />
    );
  }
  return null;
}
