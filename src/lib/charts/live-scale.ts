/** The live chart's fixed heart-rate scale (bpm): drawn by the chart, labelled by the page. */
export const HEART_MIN = 40;
export const HEART_MAX = 120;
