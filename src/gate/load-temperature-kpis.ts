/**
 * The KPIs a row is judged by at a load temperature. Cold load KPIs (load.*) are judged only when
 * cold loads are measured, warm ones (load.warm.*) only when warm loads are. A repeat visit is held
 * to the first visit's budget unless the table says otherwise: each cold load KPI has a warm
 * counterpart with its threshold and level, unless the table sets load.warm.<stat> itself. Pure.
 */
import { loadTemperatureOf, warmLoadId } from '../metrics.js';
import { measuresCold, measuresWarm, type KpiSpec, type LoadTemperature } from '../types.js';

export function kpisForTemperature(kpis: readonly KpiSpec[], temperature: LoadTemperature): KpiSpec[] {
  const cold = measuresCold(temperature);
  const warm = measuresWarm(temperature);
  const setWarm = new Set(kpis.filter((kpi) => loadTemperatureOf(kpi.id) === 'warm').map((kpi) => kpi.id));
  return kpis.flatMap((kpi): KpiSpec[] => {
    switch (loadTemperatureOf(kpi.id)) {
      case 'warm':
        return warm ? [kpi] : [];
      case 'cold': {
        const counterpart = warm && !setWarm.has(warmLoadId(kpi.id)) ? [{ ...kpi, id: warmLoadId(kpi.id) }] : [];
        return [...(cold ? [kpi] : []), ...counterpart];
      }
      default:
        return [kpi];
    }
  });
}
