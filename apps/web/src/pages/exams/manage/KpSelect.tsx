/**
 * A multi-select of knowledge points from the published skill frameworks (grouped by
 * framework, searchable by code and name). Ids not found there are still shown, as `#id`.
 */
import type { FrameworkDetail } from '@xueli/contracts';
import { useQueries } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { frameworkKeys } from '../../../api/frameworks.ts';
import { usePublishedFrameworks } from '../../../api/skills.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { localName } from '../../../i18n/label.ts';

export interface KpOption {
  value: number;
  label: string;
  search: string;
}

/** Every point of every published framework, for pickers and for naming ids. */
export function useKpOptions() {
  const frameworks = usePublishedFrameworks();
  const details = useQueries({
    queries: (frameworks.data?.items ?? []).map((f) => ({
      queryKey: frameworkKeys.detail(f.id),
      queryFn: () => api.get<FrameworkDetail>(`/frameworks/${f.id}`),
    })),
  });
  const loading = frameworks.isPending || details.some((d) => d.isPending);
  const error = frameworks.error ?? details.find((d) => d.error)?.error ?? null;
  // A few hundred points at most: cheap enough to rebuild on each render.
  const groups = details
    .map((d) => d.data)
    .filter((d): d is FrameworkDetail => !!d)
    .map((f) => ({
      label: `${localName(f.name, f.nameEn)} ${f.version}`,
      title: f.code,
      options: f.points.map((p): KpOption => ({
        value: p.id,
        label: `${p.code} ${localName(p.name, p.nameEn)}`,
        search: `${f.code}:${p.code} ${p.name} ${p.nameEn ?? ''}`.toLowerCase(),
      })),
    }));
  const byId = new Map(groups.flatMap((g) => g.options).map((o) => [o.value, o]));
  return { groups, byId, loading, error };
}

export function KpSelect({
  value,
  onChange,
  testId,
  disabled,
}: {
  value?: number[];
  onChange?: (v: number[]) => void;
  testId?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { groups, byId, loading, error } = useKpOptions();
  const unknown = (value ?? [])
    .filter((id) => !byId.has(id))
    .map((id) => ({ value: id, label: `#${id}`, search: `#${id}` }));
  return (
    <>
      <Select<number[]>
        mode="multiple"
        allowClear
        disabled={disabled}
        loading={loading}
        value={value ?? []}
        onChange={(v) => onChange?.(v)}
        placeholder={t('exams.builder.pickKps')}
        options={unknown.length ? [...groups, { label: '—', title: '—', options: unknown }] : groups}
        optionFilterProp="search"
        filterOption={(input, o) => String((o as KpOption | undefined)?.search ?? '').includes(input.toLowerCase())}
        maxTagCount="responsive"
        style={{ width: '100%', minWidth: 220 }}
        notFoundContent={t('common.noMatch')}
        data-testid={testId}
      />
      {error && <ProblemAlert error={error} />}
    </>
  );
}
