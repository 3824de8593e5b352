import { describeSequentialError } from '../helpers/sequential-error.js';

describeSequentialError('inference.p99', 600, { first: 300, cap: 5000 });
