import { describeSequentialError } from '../helpers/sequential-error.js';

describeSequentialError('load.p95', 600);
