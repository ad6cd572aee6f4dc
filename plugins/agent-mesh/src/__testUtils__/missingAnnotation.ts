import { screen } from '@testing-library/react';

/**
 * Waits for the catalog's missing-annotation empty state and checks that its text names `annotation`, e.g.
 * `agent-mesh.io/region`.
 */
export async function expectMissingAnnotationState(annotation: string) {
  expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
  expect(
    screen.getByText(
      (_, element) =>
        element?.tagName === 'P' &&
        (element.textContent ?? '').includes(
          `The annotation ${annotation} is missing`,
        ),
    ),
  ).toBeInTheDocument();
}
