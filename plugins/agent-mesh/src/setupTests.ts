import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
// Suites here start the embedded AWS or render whole pages; on a loaded 2-core machine a hook or test can
// take longer than jest's 5 s default, and a lazily loaded page longer than findBy*'s 1 s default.
// No test measures time; this only keeps slow machines from failing.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 10_000 });
