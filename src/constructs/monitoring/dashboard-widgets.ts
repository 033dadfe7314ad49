/**
 * Widgets of a CloudWatch dashboard body, as the body structure reference
 * (CloudWatch API Reference, "Dashboard Body Structure and Syntax") writes
 * them: a metric widget's `metrics` is an array of lines, each
 * `[namespace, metricName, dimensionName, dimensionValue, ..., { options }]`;
 * an alarm status widget lists 1 to 100 alarm ARNs.
 */

/** Rendering options of one metric line. */
export interface MetricOptions {
  /** The statistic, such as `Sum`, `Average`, `Maximum` or `p99`. */
  readonly stat: string;
  /** The line's label. */
  readonly label: string;
  /** Which y-axis. @default left */
  readonly yAxis?: "left" | "right";
}

/** One metric of a graph: where it is, which dimensions name it, how it is drawn. */
export interface MetricLine {
  /** The namespace, such as `AWS/ApplicationELB`. */
  readonly namespace: string;
  /** The metric's name. */
  readonly metricName: string;
  /** Its dimensions, by name: each value names a resource the platform creates. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** How it is drawn. */
  readonly options: MetricOptions;
}

/** A graph of metrics. */
export interface GraphSpec {
  /** The widget's title. */
  readonly title: string;
  /** Its lines. */
  readonly lines: readonly MetricLine[];
}

/** Grid columns of a dashboard (its width), and the size of each graph. */
const GRID_COLUMNS = 24;
const GRAPH = { width: 8, height: 6 } as const;
const TEXT_HEIGHT = 2;
/** The most alarms one alarm status widget lists. */
export const ALARMS_PER_WIDGET = 100;

/** A widget of the body, as CloudWatch reads it. */
export type Widget = Readonly<Record<string, unknown>>;

function metricArray(line: MetricLine): unknown[] {
  return [line.namespace, line.metricName, ...Object.entries(line.dimensions).flat(), { ...line.options }];
}

/**
 * Lays widgets out left to right, top to bottom: a section's text heading across the grid, then its
 * graphs three to a row. Widgets name their region: a dashboard's metrics may be of another region
 * (the primary dashboard's view of the DR copy's lag), and every one says which.
 */
export class WidgetGrid {
  private readonly widgets: Widget[] = [];
  private x = 0;
  private y = 0;

  constructor(private readonly region: string, private readonly periodSeconds: number) {}

  /** A section heading (markdown) across the whole width. */
  heading(markdown: string): void {
    this.newRow();
    this.widgets.push({
      type: "text",
      x: 0,
      y: this.y,
      width: GRID_COLUMNS,
      height: TEXT_HEIGHT,
      properties: { markdown },
    });
    this.y += TEXT_HEIGHT;
  }

  /** A time series graph of the dashboard's region, or of the region given. */
  graph(spec: GraphSpec, region: string = this.region): void {
    this.place(GRAPH.width, GRAPH.height, {
      type: "metric",
      properties: {
        title: spec.title,
        region,
        view: "timeSeries",
        stacked: false,
        period: this.periodSeconds,
        metrics: spec.lines.map(metricArray),
      },
    });
  }

  /** Alarm status widgets listing the alarms, up to {@link ALARMS_PER_WIDGET} each; none for no alarm. */
  alarms(title: string, alarmArns: readonly string[]): void {
    for (let start = 0; start < alarmArns.length; start += ALARMS_PER_WIDGET) {
      this.newRow();
      const alarms = alarmArns.slice(start, start + ALARMS_PER_WIDGET);
      this.widgets.push({
        type: "alarm",
        x: 0,
        y: this.y,
        width: GRID_COLUMNS,
        height: GRAPH.height,
        properties: { title, alarms, sortBy: "stateUpdatedTimestamp" },
      });
      this.y += GRAPH.height;
    }
  }

  /** The widgets placed so far. */
  get all(): readonly Widget[] {
    return this.widgets;
  }

  private place(width: number, height: number, widget: Widget): void {
    if (this.x + width > GRID_COLUMNS) this.newRow();
    this.widgets.push({ ...widget, x: this.x, y: this.y, width, height });
    this.x += width;
  }

  private newRow(): void {
    if (this.x === 0) return;
    this.x = 0;
    this.y += GRAPH.height;
  }
}
