import { it } from 'vitest';
import { renderAbTable } from '../../src/reporters/ab-table.js';
import { abReport, measuredOutcome, SLOWER_ROW, UNSURE_ROW, FASTER_ROW, failedOutcome, HOSTILE_AB_NAME } from '../helpers/ab-report-fixture.js';
it('probe', () => {
  console.log(renderAbTable(abReport([measuredOutcome(SLOWER_ROW), measuredOutcome(FASTER_ROW), failedOutcome('chrome-wasm', 'WORKER_CRASHED', 'boom \u001b[31m<x>')], { gitSideB: true, modelName: HOSTILE_AB_NAME })));
  console.log(renderAbTable(abReport([measuredOutcome(UNSURE_ROW)])));
  console.log(renderAbTable(abReport([measuredOutcome(FASTER_ROW)])));
});
