/** Small pieces shared by the certification pages: where an application stands, a level's requirements. */
import type { ApplicationStageName, LevelView } from '@xueli/contracts';
import { Descriptions, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../format.ts';

/** The path every application follows; rejected, failed and withdrawn leave it. */
export const STAGE_PATH = ['apply', 'review', 'learn', 'exams', 'evaluate', 'issued'] as const;

const STAGE_COLOR: Record<ApplicationStageName, string> = {
  review: 'gold',
  learn: 'cyan',
  exams: 'blue',
  evaluate: 'purple',
  issued: 'green',
  rejected: 'red',
  failed: 'red',
  withdrawn: 'default',
};

export const pct = formatPercent;

export function StageTag({ stage }: { stage: ApplicationStageName }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLOR[stage]} data-testid="stage-tag" data-stage={stage}>
      {t(`certification.stage.${stage}`)}
    </Tag>
  );
}

/**
 * AntD Steps over apply → review → learn → exams → evaluate → issued. A stage off the path (rejected,
 * failed, withdrawn) is shown as an error at the step where it stopped (`stoppedAt`, else the usual one).
 */
export function StageSteps({
  stage,
  stoppedAt,
  size = 'default',
}: {
  stage: ApplicationStageName;
  stoppedAt?: string | null | undefined;
  size?: 'small' | 'default';
}) {
  const { t } = useTranslation();
  const off: Partial<Record<ApplicationStageName, string>> = { rejected: 'review', failed: 'evaluate', withdrawn: stoppedAt ?? 'review' };
  const at = off[stage] ?? stage;
  const current = Math.max(0, STAGE_PATH.indexOf(at as (typeof STAGE_PATH)[number]));
  const status = stage === 'issued' ? 'finish' : off[stage] ? 'error' : 'process';
  return (
    <Steps
      size={size}
      current={current}
      status={status}
      responsive
      data-testid="stage-steps"
      data-stage={stage}
      items={STAGE_PATH.map((s, i) => ({
        title: i === current && off[stage] ? t(`certification.stage.${stage}`) : t(`certification.step.${s}`),
      }))}
    />
  );
}

/** The name in the UI language. */
export const localName = (p: { name: string; nameEn: string | null }, lang: string) => (lang === 'en-US' && p.nameEn ? p.nameEn : p.name);

/** A level's requirements: components with weights and minimums, pass mark, required level, validity, learning. */
export function LevelRequirements({ level }: { level: Pick<LevelView, 'requirements' | 'validityMonths'> }) {
  const { t } = useTranslation();
  const r = level.requirements;
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('certification.req.components')}>
        {r.components.length ? (
          r.components.map((c, i) => (
            <div key={c.kind} data-testid={`component-${c.kind}`}>
              {i + 1}. {t(`certification.component.${c.kind}`)} · {t('certification.req.weight')} {pct(c.weight)} · {t('certification.req.min')}{' '}
              {pct(c.minScore)}
            </div>
          ))
        ) : (
          <Typography.Text type="secondary">{t('certification.req.noComponents')}</Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('certification.req.passScore')}>{pct(r.passScore)}</Descriptions.Item>
      <Descriptions.Item label={t('certification.req.requiresLevel')}>
        {r.requiresLevel ? t(`certs.level.${r.requiresLevel}`) : t('certification.req.none')}
      </Descriptions.Item>
      <Descriptions.Item label={t('certification.req.learning')}>
        {r.courseIds.length || r.targets.length
          ? t('certification.req.learningText', { courses: r.courseIds.length, targets: r.targets.length })
          : t('certification.req.none')}
      </Descriptions.Item>
      <Descriptions.Item label={t('certification.req.validity')}>
        {level.validityMonths ? t('certification.req.months', { count: level.validityMonths }) : t('certs.noExpiry')}
      </Descriptions.Item>
    </Descriptions>
  );
}
