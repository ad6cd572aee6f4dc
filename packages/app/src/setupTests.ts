import '@testing-library/jest-dom';
// Suites here start the embedded AWS or render whole pages; on a loaded 2-core machine a hook or test can
// take longer than jest's 5 s default. No test measures time; this only keeps slow machines from failing.
jest.setTimeout(60_000);
