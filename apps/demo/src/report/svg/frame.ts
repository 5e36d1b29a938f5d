/** The plotting area of a chart inside its SVG canvas, in SVG user units. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function frame(
  width: number,
  height: number,
  margin: { top: number; right: number; bottom: number; left: number },
): Frame {
  return {
    width,
    height,
    left: margin.left,
    right: width - margin.right,
    top: margin.top,
    bottom: height - margin.bottom,
  };
}

/** Coordinates rounded to 0.1 unit: sharp enough on any screen, and a fraction of the bytes. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Tick labels: whole numbers with separators, fractions with at most two decimals. */
export function tickLabel(value: number): string {
  if (Number.isInteger(value)) return new Intl.NumberFormat("en-US").format(value);
  return String(Number(value.toFixed(2)));
}
