/** Counters the browser test and the frame benchmark read (window.trainerMetrics). */
export const metrics = { ticks: 0, chartUpdates: 0, candles: 0, lastTickAt: 0 };
(window as unknown as { trainerMetrics: typeof metrics }).trainerMetrics = metrics;
