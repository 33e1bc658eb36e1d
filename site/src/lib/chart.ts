/** One bar: its label and a whole-number value (people, batches). */
export interface Bar {
  label: string;
  value: number;
  /** What the value reads as in the chart, e.g. "8 人" or "14.6122万元". */
  text: string;
}

export interface BarLayout {
  rows: { barWidth: number; label: string; text: string; value: number }[];
}

/** The width of a full bar in the bar's own drawing units (it is stretched to its column). */
export const PLOT_WIDTH = 220;

/**
 * Bar lengths of a horizontal bar chart drawn at build time, proportional to the largest
 * value; a zero stays a zero-width bar with its value still printed. Labels and values are
 * laid out by the page (HTML text), so only the bars are measured here.
 */
export function layoutBars(bars: Bar[]): BarLayout {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return {
    rows: bars.map((bar) => ({
      barWidth: Math.round((bar.value / max) * PLOT_WIDTH),
      label: bar.label,
      text: bar.text,
      value: bar.value,
    })),
  };
}

/** One sentence a reader (or a screen reader) can take the chart's point from. */
export function summariseBreakdown(name: string, bars: Bar[], total: number, unit = '人'): string {
  if (bars.length === 0 || total === 0) return `${name}：暂无数据。`;
  const sorted = [...bars].sort((a, b) => b.value - a.value);
  const top = sorted[0] as Bar;
  const share = Math.round((top.value * 100) / total);
  const ties = sorted.filter((b) => b.value === top.value).map((b) => b.label);
  const leaders =
    ties.length > 1
      ? `${ties.join('、')}并列最多，各 ${top.value} ${unit}`
      : `${top.label}最多，${top.value} ${unit}，占 ${share}%`;
  return `${name}共 ${bars.length} 类、${total} ${unit}，其中${leaders}。`;
}
