// Development entry of the pool worker, used only when @ring/policy-eval runs from its TypeScript
// sources (vitest, tsx): worker threads do not inherit the parent's TypeScript loader, so register
// tsx here and load the real worker. The published package uses dist/worker.js instead.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
