import type { EmployeeItem } from '@xueli/contracts';
import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { searchEmployees } from '../api/org.ts';

interface Props {
  value?: number | number[] | null;
  onChange?: (v: number | number[] | null) => void;
  multiple?: boolean;
  /** Labels for ids already chosen (e.g. the current manager), shown before any search. */
  known?: { id: number; label: string }[];
  placeholder?: string;
  testId?: string;
  style?: CSSProperties;
}

const optionLabel = (e: EmployeeItem) =>
  `${e.name} (${e.employeeNo})${e.departmentName ? ` · ${e.departmentName}` : ''}`;

/** Searches employees as you type (debounced, 20 at a time); single or multiple choice. */
export function EmployeeSelect({ value, onChange, multiple, known = [], placeholder, testId, style }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [seen, setSeen] = useState(() => new Map(known.map((k) => [k.id, k.label])));
  useEffect(() => {
    const h = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(h);
  }, [typed]);
  const q = useQuery({
    queryKey: ['employees', 'pick', search],
    queryFn: () => searchEmployees(search),
    staleTime: 30_000,
  });
  useEffect(() => {
    if (!q.data) return;
    setSeen((prev) => {
      const next = new Map(prev);
      for (const e of q.data.items) next.set(e.id, optionLabel(e));
      return next;
    });
  }, [q.data]);
  const found = q.data?.items.map((e) => ({ value: e.id, label: optionLabel(e) })) ?? [];
  const chosen = (Array.isArray(value) ? value : value ? [value] : [])
    .filter((id) => !found.some((o) => o.value === id))
    .map((id) => ({ value: id, label: seen.get(id) ?? `#${id}` }));
  return (
    <Select<number | number[]>
      mode={multiple ? 'multiple' : undefined}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setTyped}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      notFoundContent={q.isFetching ? <Spin size="small" /> : t('common.noMatch')}
      options={[...chosen, ...found]}
      placeholder={placeholder ?? t('employees.pickPlaceholder')}
      data-testid={testId}
      style={{ width: '100%', ...style }}
    />
  );
}
