import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { PanelNotice, panelHasData } from './PanelNotice';

describe('PanelNotice', () => {
  it('names the AWS error of a failed source', async () => {
    await renderInTestApp(
      <PanelNotice
        label="Alarms"
        panel={{
          status: 'error',
          error: { name: 'ThrottlingException', message: 'Rate exceeded' },
        }}
      />,
    );

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Alarms unavailable: ThrottlingException — Rate exceeded',
    );
    expect(
      screen.getByText('Nothing has been read from this source yet.'),
    ).toBeInTheDocument();
  });

  it('says older data is shown when the failed source had been read before', async () => {
    await renderInTestApp(
      <PanelNotice
        label="Cost"
        panel={{
          status: 'error',
          error: { name: 'AccessDeniedException', message: 'denied' },
          fetchedAt: '2026-11-25T12:00:00.000Z',
        }}
      />,
    );

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Cost unavailable: AccessDeniedException — denied',
    );
    expect(screen.getByText(/^Showing what was read at /)).toBeInTheDocument();
  });

  it('says the first refresh has not run for a pending source', async () => {
    await renderInTestApp(
      <PanelNotice label="Runs" panel={{ status: 'pending' }} />,
    );

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Runs not read yet: the first refresh has not run',
    );
  });

  it('shows nothing for a source read fine', async () => {
    await renderInTestApp(
      <div data-testid="host">
        <PanelNotice label="Runs" panel={{ status: 'ok' }} />
      </div>,
    );

    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });
});

describe('panelHasData', () => {
  it('is true for ok and for an error that kept earlier data only', () => {
    expect(panelHasData({ status: 'ok' })).toBe(true);
    expect(panelHasData({ status: 'pending' })).toBe(false);
    expect(panelHasData({ status: 'error' })).toBe(false);
    expect(
      panelHasData({ status: 'error', fetchedAt: '2026-11-25T12:00:00Z' }),
    ).toBe(true);
  });
});
