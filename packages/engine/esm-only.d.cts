// This package is an ES module: `require()` of it throws (see esm-only.cjs). Load it with
// `import { … } from '…'` in an ES module, or `await import('…')` from CommonJS.
export {};
