/**
 * The prerequisite DAG of a framework drawn with ECharts `graph`: nodes in layers computed from
 * the longest prerequisite chain (left = learn first), arrows from prerequisite to dependant,
 * one colour per domain (the legend toggles domains), the selected point ringed. A click on a
 * node selects it. Wide graphs scroll sideways inside their card.
 */
import type { FrameworkDetail } from '@xueli/contracts';
import { Empty, Flex, Switch, Typography } from 'antd';
import { GraphChart, type GraphSeriesOption } from 'echarts/charts';
import {
  LegendComponent,
  TooltipComponent,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../../i18n/label.ts';
import { DOMAIN_COLORS, domainsOf, layeredLayout } from './structure.ts';

echarts.use([GraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

type GraphOption = ComposeOption<GraphSeriesOption | LegendComponentOption | TooltipComponentOption>;

/** Pixels: the narrowest column per layer, the row pitch, and the insets of the drawing. */
const LAYER_MIN = 100;
const ROW_GAP = 64;
const INSET = { top: 48, bottom: 32, left: 48, right: 48 };

/** The width of an element, kept up to date (0 until it is laid out). */
function useWidth() {
  const [width, setWidth] = useState(0);
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return { ref: setEl, width };
}

/** What ECharts reports for a click on a graph node (the part we use). */
interface NodeClick {
  dataType?: string;
  data?: { id?: string };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function PrerequisiteGraph({
  framework,
  selectedId,
  onSelect,
}: {
  framework: FrameworkDetail;
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const box = useWidth();
  const { points, prerequisites: edges } = framework;

  const model = useMemo(() => {
    const linked = new Set(edges.flatMap((e) => [e.fromId, e.toId]));
    const shown = points.filter((p) => showAll || linked.has(p.id) || p.id === selectedId);
    const layout = layeredLayout(
      shown.map((p) => p.id),
      edges,
    );
    const domains = domainsOf(points);
    const noDomain = t('frameworks.noDomain');
    const category = (d: string) => domains.indexOf(d);
    const maxRows = Math.max(1, ...layout.layers.map((l) => l.length));
    const layerCount = Math.max(1, layout.layers.length);
    // The chart fills its card, or scrolls sideways when the layers need more room.
    const width = Math.max(320, box.width, layerCount * LAYER_MIN + INSET.left + INSET.right);
    const height = Math.max(320, maxRows * ROW_GAP + INSET.top + INSET.bottom);
    // Node positions in pixels of the drawing area, so that ECharts maps them 1:1 (with
    // preserveAspect the scale stays uniform and nodes stay round even when the layout is degenerate).
    const xStep = layerCount > 1 ? (width - INSET.left - INSET.right) / (layerCount - 1) : 0;
    const yStep = maxRows > 1 ? (height - INSET.top - INSET.bottom) / (maxRows - 1) : 0;
    const tips = new Map(
      shown.map((p) => [
        String(p.id),
        `<b>${escapeHtml(p.code)}</b> ${escapeHtml(localName(p.name, p.nameEn))}<br/>${escapeHtml(p.domain || noDomain)}`,
      ]),
    );
    const option: GraphOption = {
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (params) => {
          const p = params as NodeClick;
          return p.dataType === 'node' ? (tips.get(p.data?.id ?? '') ?? '') : '';
        },
      },
      legend: {
        type: 'scroll',
        top: 0,
        data: domains.map((d) => d || noDomain),
      },
      series: [
        {
          type: 'graph',
          layout: 'none',
          ...INSET,
          preserveAspect: 'contain',
          roam: false,
          categories: domains.map((d, i) => ({
            name: d || noDomain,
            itemStyle: { color: DOMAIN_COLORS[i % DOMAIN_COLORS.length] },
          })),
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 9,
          lineStyle: { color: '#8c8c8c', width: 1.4, curveness: 0.08, opacity: 0.9 },
          emphasis: { focus: 'adjacency', lineStyle: { width: 2.5 } },
          label: { show: true, position: 'bottom', fontSize: 11, color: '#262626' },
          data: shown.map((p) => {
            const at = layout.at.get(p.id) ?? { layer: 0, row: 0 };
            const layerSize = layout.layers[at.layer]?.length ?? 1;
            const selected = p.id === selectedId;
            return {
              id: String(p.id),
              name: p.code,
              x: at.layer * xStep,
              // Centre each layer vertically.
              y: (at.row - (layerSize - 1) / 2) * yStep,
              category: category(p.domain),
              symbolSize: selected ? 26 : 18,
              itemStyle: selected ? { borderColor: '#000', borderWidth: 3 } : undefined,
              label: { formatter: p.code, fontWeight: selected ? 'bold' : 'normal' },
            };
          }),
          links: edges
            .filter((e) => layout.at.has(e.fromId) && layout.at.has(e.toId))
            .map((e) => ({ source: String(e.fromId), target: String(e.toId) })),
        },
      ],
    };
    return { option, count: shown.length, width, height };
    // i18n.language: the names and the legend follow the UI language.
  }, [points, edges, selectedId, showAll, box.width, t, i18n.language]);

  const onEvents = useMemo(
    () => ({
      click: (e: NodeClick) => {
        const id = Number(e.data?.id);
        if (e.dataType === 'node' && Number.isInteger(id)) onSelect(id);
      },
    }),
    [onSelect],
  );

  if (points.length === 0) return <Empty description={t('frameworks.noPoints')} />;
  return (
    <>
      <Flex justify="space-between" align="center" wrap="wrap" gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">
          {edges.length ? t('frameworks.graphHint') : t('frameworks.noEdges')}
        </Typography.Text>
        <label>
          <Flex gap={6} align="center">
            <Switch size="small" checked={showAll} onChange={setShowAll} data-testid="graph-show-all" />
            <span>{t('frameworks.showAllPoints')}</span>
          </Flex>
        </label>
      </Flex>
      {model.count === 0 ? (
        <Empty description={t('frameworks.noEdges')} />
      ) : (
        <div ref={box.ref} style={{ overflowX: 'auto', maxWidth: '100%' }} data-testid="graph-scroll">
          <div style={{ width: model.width }} data-testid="prereq-graph" data-nodes={model.count}>
            <ReactEChartsCore
              echarts={echarts}
              option={model.option}
              notMerge
              lazyUpdate
              // Explicit pixels: a changed size in the style makes echarts-for-react resize the chart.
              style={{ height: model.height, width: model.width }}
              opts={{ renderer: 'canvas' }}
              onEvents={onEvents}
            />
          </div>
        </div>
      )}
    </>
  );
}
