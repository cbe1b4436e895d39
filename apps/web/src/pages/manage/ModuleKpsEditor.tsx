/**
 * What each module of a course teaches: the knowledge points and the expected gain in mastery
 * per point (the author's estimate, default 0.2; the planner learns better ones from evidence).
 * One compact editor per module, saved with PUT /modules/:id/knowledge-points (all or nothing).
 */
import { UndoOutlined } from '@ant-design/icons';
import type { CourseDetail, CourseModule, ModuleKpItem } from '@xueli/contracts';
import { App as AntApp, Button, Card, Empty, Flex, InputNumber, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModuleKps, useSaveModuleKps } from '../../api/paths.ts';
import { KpSelect, usePublishedPoints } from '../../components/KpSelect.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { localName } from '../../i18n/label.ts';

export const DEFAULT_GAIN = 0.2;

interface Row {
  kpId: number;
  gain: number;
}

export function ModuleKpsEditor({ module: m }: { module: CourseModule }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const q = useModuleKps(m.id);
  const save = useSaveModuleKps(m.id);
  const { groups } = usePublishedPoints();
  /** null: not edited, the server's set is shown. */
  const [edited, setEdited] = useState<Row[] | null>(null);
  if (q.isPending) return <Skeleton active paragraph={{ rows: 1 }} title={false} />;
  if (q.isError) return <ProblemAlert error={q.error} />;
  const saved: ModuleKpItem[] = q.data.items;
  const rows: Row[] = edited ?? saved.map((x) => ({ kpId: x.kpId, gain: x.gain }));
  const known = saved.map((x) => ({ id: x.kpId, code: x.kpCode, name: localName(x.kpName, x.kpNameEn) }));
  const labels = new Map<number, string>([
    ...known.map((k) => [k.id, `${k.code} ${k.name}`] as const),
    ...groups.flatMap((g) => g.options.map((o) => [o.value, o.label] as const)),
  ]);
  const pick = (ids: number[]) => {
    const byId = new Map(rows.map((r) => [r.kpId, r]));
    setEdited(ids.map((kpId) => byId.get(kpId) ?? { kpId, gain: DEFAULT_GAIN }));
  };
  return (
    <Flex vertical gap={8} data-testid={`module-kps-${m.id}`}>
      <Typography.Text strong>{localName(m.title, m.titleEn)}</Typography.Text>
      <KpSelect
        multiple
        value={rows.map((r) => r.kpId)}
        onChange={pick}
        known={known}
        testId={`module-kps-select-${m.id}`}
      />
      {save.isError && <ProblemAlert error={save.error} />}
      {rows.length > 0 && (
        <Flex gap={8} wrap="wrap">
          {rows.map((r) => (
            <Flex
              key={r.kpId}
              gap={4}
              align="center"
              style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '2px 6px' }}
            >
              <Typography.Text ellipsis style={{ maxWidth: 180 }}>
                {labels.get(r.kpId) ?? `#${r.kpId}`}
              </Typography.Text>
              <InputNumber<number>
                size="small"
                min={0.01}
                max={1}
                step={0.05}
                precision={2}
                value={r.gain}
                onChange={(v) =>
                  setEdited(rows.map((x) => (x.kpId === r.kpId ? { ...x, gain: v ?? DEFAULT_GAIN } : x)))
                }
                style={{ width: 72 }}
                aria-label={`${t('paths.moduleKps.gain')} ${labels.get(r.kpId) ?? r.kpId}`}
                title={t('paths.moduleKps.gain')}
                data-testid={`module-kp-gain-${m.id}-${r.kpId}`}
              />
            </Flex>
          ))}
        </Flex>
      )}
      {edited !== null && (
        <Flex gap={8} justify="flex-end">
          <Button
            size="small"
            icon={<UndoOutlined />}
            onClick={() => {
              setEdited(null);
              save.reset();
            }}
          >
            {t('skills.targets.reset')}
          </Button>
          <Button
            size="small"
            type="primary"
            loading={save.isPending}
            data-testid={`module-kps-save-${m.id}`}
            onClick={() =>
              save.mutate(rows, {
                onSuccess: () => {
                  setEdited(null);
                  void message.success(t('paths.moduleKps.saved'));
                },
              })
            }
          >
            {t('common.save')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}

/** One card with a knowledge-point editor per module of the course. */
export function ModuleKpsCard({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('paths.moduleKps.title')} style={{ marginTop: 16 }} data-testid="module-kps-card">
      <Typography.Paragraph type="secondary">{t('paths.moduleKps.intro', { gain: DEFAULT_GAIN })}</Typography.Paragraph>
      {course.modules.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manage.noModules')} />
      ) : (
        <Flex vertical gap={16}>
          {course.modules.map((m) => (
            <ModuleKpsEditor key={m.id} module={m} />
          ))}
        </Flex>
      )}
    </Card>
  );
}
