import { packageTests } from '../../tools/vitest/config';

export default packageTests;
