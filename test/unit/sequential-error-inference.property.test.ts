import { describeSequentialError } from '../helpers/sequential-error.js';

describeSequentialError('inference.p99', 400, { first: 300, cap: 5000 });
