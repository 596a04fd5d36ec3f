// Development entry of the comparison pool's workers, used only when @ring/policy-eval runs from its
// TypeScript sources (vitest, tsx): worker threads do not inherit the parent's TypeScript loader, so
// register tsx here and load the task. The published package's workers load dist/arm-worker.js instead.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./arm-worker.ts');
export const runArmJobsTask = mod.runArmJobsTask;
