/** Where ab's defaults differ from run's: a verdict within 3 min per runtime, "same" within ±5 %. */
export const AB_DEFAULTS = { maxTime: '3m', maxRegression: '5%' } as const;
