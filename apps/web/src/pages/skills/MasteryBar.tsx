import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { masteryColor, pct } from './skillsView.ts';

/**
 * A horizontal bar: the fill is K (striped grey when there is no estimate yet and the prior is
 * shown instead), the dark tick is the target T.
 */
export function MasteryBar({
  mastery,
  prior,
  target,
  testId,
}: {
  mastery: number | null;
  prior: number;
  target: number | null;
  testId?: string;
}) {
  const { t } = useTranslation();
  const k = mastery ?? prior;
  const estimated = mastery !== null;
  const fill = estimated ? masteryColor(k, target) : undefined;
  const title = `${estimated ? t('skills.mastery') : t('skills.prior')} ${pct(k)}${
    target === null ? '' : ` · ${t('skills.target')} ${pct(target)}`
  }`;
  return (
    <Tooltip title={title}>
      <div
        data-testid={testId}
        data-mastery={estimated ? Math.round(k * 100) : ''}
        data-target={target === null ? '' : Math.round(target * 100)}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(k * 100)}
        aria-label={title}
        style={{ position: 'relative', height: 10, borderRadius: 5, background: '#f0f0f0', minWidth: 80 }}
      >
        <div
          style={{
            position: 'absolute',
            insetBlock: 0,
            left: 0,
            width: `${Math.round(k * 1000) / 10}%`,
            borderRadius: 5,
            background: fill ?? 'repeating-linear-gradient(45deg, #d9d9d9 0 4px, #f0f0f0 4px 8px)',
          }}
        />
        {target !== null && (
          <div
            style={{
              position: 'absolute',
              top: -3,
              bottom: -3,
              left: `calc(${Math.round(target * 1000) / 10}% - 1px)`,
              width: 2,
              background: '#262626',
              borderRadius: 1,
            }}
          />
        )}
      </div>
    </Tooltip>
  );
}
