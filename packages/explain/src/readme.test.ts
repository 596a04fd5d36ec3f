/**
 * The README's examples are tests: one that no longer runs, or no longer prints what its comments
 * say, fails here (rules in tools/readme-test/index.ts).
 */
import { readmeExampleTests } from '@ring/readme-test';

readmeExampleTests({ testFileUrl: import.meta.url, readmes: ['README.md'], api: () => import('./index') });
