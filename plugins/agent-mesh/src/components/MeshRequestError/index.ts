export { MeshRequestError, missingAnnotationOf } from './MeshRequestError';
