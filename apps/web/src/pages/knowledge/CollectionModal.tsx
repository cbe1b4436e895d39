import type { KbCollection, KbCollectionBody, Role } from '@xueli/contracts';
import { ROLES } from '@xueli/contracts';
import { App as AntApp, Form, Input, Radio, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCourses } from '../../api/catalog.ts';
import { useSaveCollection } from '../../api/knowledge.ts';
import { departmentTree, useDepartments, usePositions } from '../../api/org.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { localName } from '../../i18n/label.ts';

interface Values {
  name: string;
  description?: string;
  visibility: 'everyone' | 'restricted';
  departmentIds?: number[];
  positionIds?: number[];
  roles?: Role[];
  courseId?: number | null;
}

/** Create or edit a collection: name, description, who may see it, and the course whose tutor searches it. */
export function CollectionModal({ collection, onClose }: { collection: KbCollection | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useSaveCollection();
  const departments = useDepartments();
  const positions = usePositions();
  const courses = useCourses({ pageSize: 200 });
  const initial: Values = collection
    ? {
        name: collection.name,
        description: collection.description,
        visibility: collection.visibility,
        departmentIds: collection.access.departments.map((d) => d.id),
        positionIds: collection.access.positions.map((p) => p.id),
        roles: collection.access.roles,
        courseId: collection.courseId,
      }
    : {
        name: '',
        description: '',
        visibility: 'everyone',
        departmentIds: [],
        positionIds: [],
        roles: [],
        courseId: null,
      };
  return (
    <FormModal<Values>
      title={collection ? t('knowledge.collection.edit') : t('knowledge.collection.create')}
      width={600}
      onClose={onClose}
      saveTestId="kb-collection-save"
      initialValues={initial}
      errorFields={['name', 'description', 'visibility', 'courseId']}
      onSubmit={(v) => {
        const restricted = v.visibility === 'restricted';
        const body: KbCollectionBody = {
          name: v.name,
          description: v.description ?? '',
          visibility: v.visibility,
          access: {
            departmentIds: restricted ? (v.departmentIds ?? []) : [],
            positionIds: restricted ? (v.positionIds ?? []) : [],
            roles: restricted ? (v.roles ?? []) : [],
          },
          courseId: v.courseId ?? null,
        };
        return save.mutateAsync({ id: collection?.id ?? null, body });
      }}
      onSaved={() => {
        void message.success(t('common.saved'));
        onClose();
      }}
    >
      <Form.Item
        name="name"
        label={t('knowledge.collection.name')}
        rules={[{ required: true, whitespace: true, max: 200 }]}
      >
        <Input data-testid="kb-collection-name" />
      </Form.Item>
      <Form.Item name="description" label={t('knowledge.collection.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="visibility" label={t('knowledge.collection.visibility')}>
        <Radio.Group
          options={[
            { value: 'everyone', label: t('knowledge.visibility.everyone') },
            { value: 'restricted', label: t('knowledge.visibility.restricted') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a: Values, b: Values) => a.visibility !== b.visibility}>
        {({ getFieldValue }) =>
          getFieldValue('visibility') === 'restricted' && (
            <>
              <Form.Item
                name="departmentIds"
                label={t('knowledge.collection.departments')}
                extra={t('knowledge.collection.departmentsHint')}
              >
                <TreeSelect
                  multiple
                  allowClear
                  treeDefaultExpandAll
                  treeCheckable
                  showCheckedStrategy={TreeSelect.SHOW_PARENT}
                  treeCheckStrictly={false}
                  loading={departments.isPending}
                  treeData={departmentTree(departments.data?.items ?? [], (d) => localName(d.name, d.nameEn))}
                  data-testid="kb-collection-departments"
                />
              </Form.Item>
              <Form.Item name="positionIds" label={t('knowledge.collection.positions')}>
                <Select
                  mode="multiple"
                  allowClear
                  optionFilterProp="label"
                  loading={positions.isPending}
                  options={positions.data?.items.map((p) => ({ value: p.id, label: localName(p.name, p.nameEn) }))}
                />
              </Form.Item>
              <Form.Item
                name="roles"
                label={t('knowledge.collection.roles')}
                extra={t('knowledge.collection.restrictedHint')}
              >
                <Select mode="multiple" allowClear options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
              </Form.Item>
            </>
          )
        }
      </Form.Item>
      <Form.Item name="courseId" label={t('knowledge.collection.course')} extra={t('knowledge.collection.courseHint')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          loading={courses.isPending}
          options={courses.data?.items.map((c) => ({ value: c.id, label: c.title }))}
        />
      </Form.Item>
    </FormModal>
  );
}
