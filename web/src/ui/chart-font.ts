import type { IChartApi } from 'lightweight-charts';

/**
 * The charts' canvas text: lightweight-charts' own Latin faces first, then the bundled Nanum Gothic
 * for Hangul (series titles, markers' text in Korean). A canvas falls back glyph by glyph through
 * this list, but only to faces already loaded: a machine without a Korean system font would draw
 * boxes, so the face is loaded and the chart redrawn once it is there.
 */
export const CHART_FONT_FAMILY = "-apple-system, BlinkMacSystemFont, 'Trebuchet MS', Roboto, Ubuntu, sans-serif, 'Nanum Gothic'";

export function useChartFont(chart: IChartApi, size = 11): void {
  if (typeof document === 'undefined' || !document.fonts) return;
  void Promise.all([document.fonts.load(`${size}px 'Nanum Gothic'`, '가'), document.fonts.load(`bold ${size}px 'Nanum Gothic'`, '가')])
    .then(() => chart.applyOptions({ layout: { fontFamily: CHART_FONT_FAMILY } }))
    .catch(() => undefined); // no font: the chart keeps the family it was created with
}
