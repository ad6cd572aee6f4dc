import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';

/**
 * The annotation a 404 of the backend names (`... is missing the annotation agent-mesh.io/region`), if any.
 */
export function missingAnnotationOf(error: Error): string | undefined {
  if (!(error instanceof ResponseError) || error.statusCode !== 404) {
    return undefined;
  }
  const match = /missing the annotation (\S+)/.exec(error.cause.message);
  return match?.[1];
}

/**
 * A failed request for a mesh: the catalog's missing-annotation empty state when the backend says an
 * annotation is missing, else the error panel with the backend's message.
 */
export function MeshRequestError(props: { error: Error }) {
  const annotation = missingAnnotationOf(props.error);
  if (annotation) {
    return <MissingAnnotationEmptyState annotation={annotation} />;
  }
  return <ResponseErrorPanel error={props.error} />;
}
