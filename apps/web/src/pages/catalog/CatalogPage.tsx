import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CourseSummary, Page } from '@xueli/contracts';
import { App as AntApp, Col, Empty, Flex, Input, Pagination, Row, Select, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { catalogKeys, useEnroll } from '../../api/catalog.ts';
import { api } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { CourseCard } from './CourseCard.tsx';

const PAGE_SIZE = 12;

/** Categories of the published courses, for the filter (the catalog is small: one page of 200). */
function useCategories() {
  return useQuery({
    queryKey: [...catalogKeys.courses, 'categories'],
    queryFn: async () => {
      const all = await api.get<Page<CourseSummary>>('/courses', { status: 'published', pageSize: 200 });
      return [...new Set(all.items.map((c) => c.category).filter(Boolean))].sort();
    },
    staleTime: 5 * 60_000,
  });
}

/** /courses: search and filter the published catalog; enrol from the card. Filters live in the URL. */
export function CatalogPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const courses = useQuery({
    queryKey: [...catalogKeys.courses, 'catalog', search, category, page],
    queryFn: () =>
      api.get<Page<CourseSummary>>('/courses', { search, category, status: 'published', page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const categories = useCategories();
  const enroll = useEnroll();
  const onEnroll = (id: number) =>
    enroll.mutate(id, {
      onSuccess: () => {
        void message.success(t('catalog.enrolled'));
        void navigate(`/courses/${id}`);
      },
      onError: (e) => void message.error(e.message, 6),
    });
  return (
    <>
      <PageTitle title={t('catalog.title')} />
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={search}
          placeholder={t('catalog.search')}
          onSearch={(v) => set({ q: v.trim(), page: '' })}
          style={{ width: 300, maxWidth: '100%' }}
          data-testid="catalog-search"
        />
        <Select
          allowClear
          placeholder={t('catalog.category')}
          value={category || undefined}
          onChange={(v: string | undefined) => set({ category: v ?? '', page: '' })}
          options={categories.data?.map((c) => ({ value: c, label: c }))}
          style={{ width: 200, maxWidth: '100%' }}
          data-testid="catalog-category"
        />
      </Flex>
      {courses.isError && <ProblemAlert error={courses.error} />}
      {courses.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {courses.data && courses.data.items.length === 0 && (
        <Empty description={search || category ? t('catalog.noMatch') : t('catalog.empty')} data-testid="empty-state" />
      )}
      {courses.data && courses.data.items.length > 0 && (
        <>
          <Row gutter={[16, 16]} data-testid="catalog-grid" style={{ opacity: courses.isPlaceholderData ? 0.6 : 1 }}>
            {courses.data.items.map((c) => (
              <Col key={c.id} xs={24} sm={12} lg={8} xxl={6}>
                <CourseCard course={c} onEnroll={onEnroll} enrolling={enroll.isPending && enroll.variables === c.id} />
              </Col>
            ))}
          </Row>
          <Flex justify="center" style={{ marginTop: 24 }}>
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={courses.data.total}
              onChange={(p) => set({ page: p > 1 ? String(p) : '' })}
              showSizeChanger={false}
            />
          </Flex>
        </>
      )}
    </>
  );
}
