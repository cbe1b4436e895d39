/**
 * ECharts for the skills views through echarts-for-react's core component, registering only
 * the parts we draw (radar, line, heat map; tooltip, legend, grid, visual map, mark line;
 * canvas renderer) so the charts chunk stays small. Import this only from lazily loaded pages:
 * the learner home must not pull ECharts in.
 */
import { HeatmapChart, LineChart, RadarChart } from 'echarts/charts';
import type { HeatmapSeriesOption, LineSeriesOption, RadarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  RadarComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo, type CSSProperties } from 'react';

echarts.use([
  HeatmapChart,
  LineChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | HeatmapSeriesOption
  | LineSeriesOption
  | RadarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | RadarComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

/** What a click on a data item reports (the subset we use). */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
  value: unknown;
}

interface Props {
  option: ChartOption;
  /** CSS height of the chart (the width follows the container). */
  height: number;
  onClick?: (e: ChartClick) => void;
  testId?: string;
  style?: CSSProperties;
}

/** One chart; `option` is replaced as a whole on change (notMerge) so stale series disappear. */
export function EChart({ option, height, onClick, testId, style }: Props) {
  const onEvents = useMemo(
    () => (onClick ? { click: (e: ChartClick) => onClick(e) } : undefined),
    [onClick],
  );
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        style={{ height, width: '100%', ...style }}
        opts={{ renderer: 'canvas' }}
        onEvents={onEvents}
      />
    </div>
  );
}
