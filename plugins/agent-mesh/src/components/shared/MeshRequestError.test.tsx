import { responseError as errorOf } from '../../__testUtils__/responseError';
import { expectMissingAnnotationState } from '../../__testUtils__/missingAnnotation';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MeshRequestError, missingAnnotationOf } from './MeshRequestError';

function responseError(status: number, message: string) {
  return errorOf(
    status,
    status === 404 ? 'Not Found' : 'Forbidden',
    'NotFoundError',
    message,
  );
}

describe('MeshRequestError', () => {
  it('shows the missing-annotation empty state for a 404 naming an annotation', async () => {
    const error = await responseError(
      404,
      'Agent mesh system:default/billing-dev is missing the annotation agent-mesh.io/region',
    );
    expect(missingAnnotationOf(error)).toBe('agent-mesh.io/region');

    await renderInTestApp(<MeshRequestError error={error} />);

    await expectMissingAnnotationState('agent-mesh.io/region');
  });

  it('shows the error panel for other failures', async () => {
    const error = await responseError(403, 'Not allowed to read agent mesh');
    expect(missingAnnotationOf(error)).toBeUndefined();

    await renderInTestApp(<MeshRequestError error={error} />);

    expect(
      screen.getByText(/Request failed with 403 Forbidden/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Missing Annotation')).not.toBeInTheDocument();
  });
});
