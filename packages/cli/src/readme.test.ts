/**
 * The README's examples are tests: one that no longer runs, or no longer prints what its comments
 * say, fails here (rules in tools/readme-test/index.ts). The CLI package, which depends on every other package, also runs the root README's examples.
 */
import { readmeExampleTests } from '@ring/readme-test';

readmeExampleTests({ testFileUrl: import.meta.url, readmes: ['README.md', '../../README.md'], api: () => import('./index') });
