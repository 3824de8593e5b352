import { describeSequentialError } from '../helpers/sequential-error.js';

describeSequentialError('error.rate', 1000, { first: 300, cap: 20_000 });
