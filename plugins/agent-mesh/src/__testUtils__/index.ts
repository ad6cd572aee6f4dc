/**
 * The frontend tests' helpers in one import: fixtures, the mocked API, permission and render helpers.
 */
export * from './buttons';
export * from './fixtures';
export * from './missingAnnotation';
export * from './mockAgentMeshApi';
export * from './permissionApi';
export * from './renderWithEntity';
export * from './responseError';
export * from './testClient';
