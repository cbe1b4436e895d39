import { DeleteOutlined } from '@ant-design/icons';
import { Button, Flex, InputNumber, Slider, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { KpSelect, usePublishedPoints } from '../../components/KpSelect.tsx';
import { DEFAULT_WEIGHT, pickTargets, type TargetRow } from './pathView.ts';

interface Props {
  /** Inside an antd Form.Item the form passes value and onChange. */
  value?: TargetRow[];
  onChange?: (rows: TargetRow[]) => void;
  /** Labels of points already chosen whose framework is not published. */
  known?: { id: number; code: string; name: string }[];
  status?: 'error';
  testId?: string;
  /** Whether each row has a weight (goals, paths); false for targets without one (certification levels). */
  weights?: boolean;
}

/**
 * Knowledge points with a target mastery (slider and percent) and a weight each: a form control
 * for goals and curated paths (and, without weights, certification levels). Points are picked with
 * the shared KpSelect.
 */
export function TargetsInput({ value, onChange, known = [], status, testId = 'targets-input', weights = true }: Props) {
  const { t } = useTranslation();
  const rows = value ?? [];
  const { groups } = usePublishedPoints();
  const labels = new Map<number, string>([
    ...known.map((k) => [k.id, `${k.code} ${k.name}`] as const),
    ...groups.flatMap((g) => g.options.map((o) => [o.value, o.label] as const)),
  ]);
  const update = (kpId: number, patch: Partial<TargetRow>) =>
    onChange?.(rows.map((r) => (r.kpId === kpId ? { ...r, ...patch } : r)));
  return (
    <Flex vertical gap={8} data-testid={testId}>
      <KpSelect
        multiple
        value={rows.map((r) => r.kpId)}
        onChange={(ids) => onChange?.(pickTargets(rows, ids))}
        known={known}
        status={status}
        placeholder={t('paths.targets.pick')}
        testId={`${testId}-select`}
      />
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('paths.targets.empty')}</Typography.Text>
      ) : (
        <Flex vertical gap={4}>
          <Flex gap={8} style={{ fontSize: 12 }}>
            <Typography.Text type="secondary" style={{ flex: '1 1 160px' }}>
              {t('paths.targets.point')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ width: 230 }}>
              {t('paths.targets.target')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ width: weights ? 110 : 32 }}>
              {weights ? t('paths.targets.weight') : null}
            </Typography.Text>
          </Flex>
          {rows.map((r) => (
            <Flex key={r.kpId} gap={8} align="center" wrap="wrap" data-testid={`target-row-${r.kpId}`}>
              <Typography.Text ellipsis style={{ flex: '1 1 160px', minWidth: 120 }}>
                {labels.get(r.kpId) ?? `#${r.kpId}`}
              </Typography.Text>
              <Flex gap={8} align="center" style={{ width: 230 }}>
                <Slider
                  min={0}
                  max={100}
                  step={5}
                  value={Math.round(r.target * 100)}
                  onChange={(v) => update(r.kpId, { target: v / 100 })}
                  tooltip={{ formatter: (v) => `${v}%` }}
                  style={{ flex: 1, margin: '0 4px' }}
                />
                <InputNumber<number>
                  size="small"
                  min={0}
                  max={100}
                  precision={0}
                  suffix="%"
                  value={Math.round(r.target * 100)}
                  onChange={(v) => update(r.kpId, { target: (v ?? 0) / 100 })}
                  style={{ width: 76 }}
                  aria-label={`${t('paths.targets.target')} ${labels.get(r.kpId) ?? r.kpId}`}
                  data-testid={`target-value-${r.kpId}`}
                />
              </Flex>
              <Flex gap={4} align="center" style={{ width: weights ? 110 : 32 }}>
                {weights && (
                  <InputNumber<number>
                    size="small"
                    min={0.1}
                    max={10}
                    step={0.5}
                    value={r.weight}
                    onChange={(v) => update(r.kpId, { weight: v ?? DEFAULT_WEIGHT })}
                    style={{ width: 70 }}
                    aria-label={`${t('paths.targets.weight')} ${labels.get(r.kpId) ?? r.kpId}`}
                  />
                )}
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => onChange?.(rows.filter((x) => x.kpId !== r.kpId))}
                  aria-label={t('paths.targets.remove')}
                  title={t('paths.targets.remove')}
                />
              </Flex>
            </Flex>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
