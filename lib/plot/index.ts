/** SVG charts for reports: line charts (log-y optional) and bar/tornado charts. */
export { lineChart, barChart, escapeXml, type Series, type LineChartOptions, type Bar } from './charts.js';
export { linearScale, logScale, fmt } from './scale.js';
