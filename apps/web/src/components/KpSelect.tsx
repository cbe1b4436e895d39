/**
 * The one knowledge-point picker (item editor, item filters, exam builder): picks points from every published framework (one group per framework, searchable
 * by framework code, point code and name). Points chosen earlier that are not in a published
 * framework (e.g. a draft's) keep the labels the item gave them.
 */
import type { FrameworkDetail } from '@xueli/contracts';
import { useQueries } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { skillsKeys, usePublishedFrameworks } from '../api/skills.ts';
import { ProblemAlert } from './ProblemAlert.tsx';
import { localName } from '../i18n/label.ts';

interface Option {
  value: number;
  label: string;
  search: string;
}

interface Props<M extends boolean> {
  multiple: M;
  /** Optional: inside an antd Form.Item the form passes value and onChange. */
  value?: M extends true ? number[] : number | undefined;
  onChange?: (v: M extends true ? number[] : number | undefined) => void;
  disabled?: boolean;
  /** Labels for ids already chosen (from the item), shown when their framework is not published. */
  known?: { id: number; code: string; name: string }[];
  placeholder?: string;
  testId?: string;
  status?: 'error';
  style?: CSSProperties;
}

/** Every point of every published framework, grouped for a Select, and each point's `FRAMEWORK:CODE`. */
export function usePublishedPoints() {
  const frameworks = usePublishedFrameworks();
  const details = useQueries({
    queries: (frameworks.data?.items ?? []).map((f) => ({
      queryKey: skillsKeys.framework(f.id),
      queryFn: () => api.get<FrameworkDetail>(`/frameworks/${f.id}`),
      staleTime: 60_000,
    })),
  });
  const loaded = details.flatMap((d) => (d.data ? [d.data] : []));
  const groups = loaded.map((fw) => ({
    label: `${localName(fw.name, fw.nameEn)} · ${fw.code} ${fw.version}`,
    title: fw.code,
    options: fw.points.map((p): Option => ({
      value: p.id,
      label: `${p.code} ${localName(p.name, p.nameEn)}`,
      search: `${fw.code} ${p.code} ${p.name} ${p.nameEn ?? ''}`.toLowerCase(),
    })),
  }));
  const refs = new Map(loaded.flatMap((fw) => fw.points.map((p) => [p.id, `${fw.code}:${p.code}`] as const)));
  return {
    groups,
    refs,
    loading: frameworks.isPending || details.some((d) => d.isPending),
    error: frameworks.error ?? details.find((d) => d.error)?.error ?? null,
    none: frameworks.data?.items.length === 0,
  };
}

export function KpSelect<M extends boolean>({
  multiple,
  value,
  onChange,
  known = [],
  placeholder,
  testId,
  status,
  style,
  disabled,
}: Props<M>) {
  const { t } = useTranslation();
  const { groups, loading, error: failed, none } = usePublishedPoints();
  const listed = new Set(groups.flatMap((g) => g.options.map((o) => o.value)));
  const raw: unknown = value;
  const chosen: number[] = Array.isArray(raw)
    ? raw.filter((x): x is number => typeof x === 'number')
    : typeof raw === 'number'
      ? [raw]
      : [];
  const extra: Option[] = chosen
    .filter((id) => !listed.has(id))
    .map((id) => {
      const k = known.find((x) => x.id === id);
      return {
        value: id,
        label: k ? `${k.code} ${k.name}` : `#${id}`,
        search: k ? `${k.code} ${k.name}`.toLowerCase() : '',
      };
    });
  return (
    <>
      <Select<number | number[]>
        mode={multiple ? 'multiple' : undefined}
        showSearch
        allowClear
        loading={loading}
        status={status}
        value={value}
        disabled={disabled}
        onChange={(v) => onChange?.((multiple ? (v ?? []) : v) as M extends true ? number[] : number | undefined)}
        options={[...extra, ...groups]}
        filterOption={(input, option) => {
          const o = option as Partial<Option> | undefined;
          return (o?.search ?? String(o?.label ?? '').toLowerCase()).includes(input.trim().toLowerCase());
        }}
        notFoundContent={loading ? t('items.kpLoading') : none ? t('items.kpNoFrameworks') : t('common.noMatch')}
        placeholder={placeholder ?? t('items.kpPlaceholder')}
        maxTagCount={multiple ? 'responsive' : undefined}
        data-testid={testId}
        style={{ width: '100%', ...style }}
      />
      {failed && (
        <div style={{ marginTop: 8 }}>
          <ProblemAlert error={failed} />
        </div>
      )}
      {!loading && !failed && none && multiple && (
        <Typography.Text type="secondary">{t('items.kpNoFrameworks')}</Typography.Text>
      )}
    </>
  );
}
