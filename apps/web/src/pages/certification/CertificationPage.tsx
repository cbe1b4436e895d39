/**
 * The candidate's certification page: active programmes with their levels and requirements, an
 * "apply" action (the server checks eligibility and says why when it refuses), and my applications
 * with where each stands.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { ApplicationListItem, LevelView, ProgrammeView } from '@xueli/contracts';
import { Button, Card, Col, Flex, Input, Modal, Row, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useApplications, useApply, useProgrammes, type ApplicationFilter } from '../../api/certification.ts';
import { useUser } from '../../auth/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { allowed, ROLES_CERT_DASHBOARD } from '../../layout/nav.tsx';
import { LevelRequirements, localName, StageSteps, StageTag } from './parts.tsx';

function ApplyModal({ programme, level, onClose }: { programme: ProgrammeView; level: LevelView; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [statement, setStatement] = useState('');
  const apply = useApply();
  return (
    <Modal
      open
      title={t('certification.apply.title', { name: `${localName(programme, i18n.language)} · ${t(`certs.level.${level.level}`)}` })}
      onCancel={onClose}
      okText={t('certification.apply.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={apply.isPending}
      okButtonProps={{ 'data-testid': 'apply-submit' }}
      onOk={() => apply.mutate({ levelId: level.id, statement }, { onSuccess: (r) => void navigate(`/certification/applications/${r.id}`) })}
    >
      <Typography.Paragraph type="secondary">{t('certification.apply.help')}</Typography.Paragraph>
      <Input.TextArea
        rows={4}
        maxLength={4000}
        showCount
        value={statement}
        onChange={(e) => setStatement(e.target.value)}
        placeholder={t('certification.apply.statement')}
        data-testid="apply-statement"
      />
      {apply.isError && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={apply.error} testId="apply-error" />
        </div>
      )}
    </Modal>
  );
}

function Programmes() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const dashboards = allowed(user.roles, ROLES_CERT_DASHBOARD);
  const q = useProgrammes();
  const [target, setTarget] = useState<{ programme: ProgrammeView; level: LevelView } | null>(null);
  return (
    <>
      <QueryState
        query={q}
        isEmpty={(d) => d.items.filter((p) => p.status === 'active').length === 0}
        empty={t('certification.programmesEmpty')}
      >
        {(d) => (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            {d.items
              .filter((p) => p.status === 'active')
              .map((p) => (
                <Card
                  key={p.id}
                  data-testid={`programme-${p.code}`}
                  extra={
                    dashboards && (
                      <Link to={`/certification/programmes/${p.id}/dashboard`} data-testid={`dashboard-${p.code}`}>
                        {t('certification.dashboard.open')}
                      </Link>
                    )
                  }
                  title={
                    <Flex gap={8} align="center" wrap="wrap">
                      <SafetyCertificateOutlined style={{ color: '#1677ff' }} />
                      <span>{localName(p, i18n.language)}</span>
                      {p.domain && <Typography.Text type="secondary">{i18n.language === 'en-US' && p.domainEn ? p.domainEn : p.domain}</Typography.Text>}
                    </Flex>
                  }
                >
                  {(i18n.language === 'en-US' && p.descriptionEn ? p.descriptionEn : p.description) && (
                    <Typography.Paragraph>{i18n.language === 'en-US' && p.descriptionEn ? p.descriptionEn : p.description}</Typography.Paragraph>
                  )}
                  <Row gutter={[16, 16]}>
                    {p.levels.map((l) => (
                      <Col xs={24} lg={8} key={l.id}>
                        <Card
                          size="small"
                          type="inner"
                          title={t(`certs.level.${l.level}`)}
                          data-testid={`level-${p.code}-${l.level}`}
                          extra={
                            <Button type="primary" size="small" onClick={() => setTarget({ programme: p, level: l })} data-testid={`apply-${p.code}-${l.level}`}>
                              {t('certification.apply.action')}
                            </Button>
                          }
                        >
                          {(i18n.language === 'en-US' && l.criteriaEn ? l.criteriaEn : l.criteria) && (
                            <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }}>
                              {i18n.language === 'en-US' && l.criteriaEn ? l.criteriaEn : l.criteria}
                            </Typography.Paragraph>
                          )}
                          <LevelRequirements level={l} />
                        </Card>
                      </Col>
                    ))}
                  </Row>
                </Card>
              ))}
          </Space>
        )}
      </QueryState>
      {target && <ApplyModal programme={target.programme} level={target.level} onClose={() => setTarget(null)} />}
    </>
  );
}

function MyApplications() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<ApplicationFilter>({ mine: true, page: 1, pageSize: 10 });
  const q = useApplications(filter);
  return (
    <QueryState query={q} isEmpty={(d) => d.total === 0} empty={t('certification.mineEmpty')}>
      {(d) => (
        <Table<ApplicationListItem>
          rowKey="id"
          size="middle"
          scroll={{ x: 900 }}
          dataSource={d.items}
          data-testid="my-applications"
          pagination={{
            current: d.page,
            pageSize: d.pageSize,
            total: d.total,
            hideOnSinglePage: true,
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
          columns={[
            {
              title: t('certification.programme'),
              render: (_, a) => (
                <Link to={`/certification/applications/${a.id}`} data-testid={`application-link-${a.id}`}>
                  {localName({ name: a.programmeName, nameEn: a.programmeNameEn }, i18n.language)} · {t(`certs.level.${a.level}`)}
                </Link>
              ),
            },
            { title: t('common.status'), width: 110, render: (_, a) => <StageTag stage={a.stage} /> },
            {
              title: t('certification.progress'),
              width: 520,
              render: (_, a) => (a.stage === 'withdrawn' ? '—' : <StageSteps stage={a.stage} size="small" />),
            },
            { title: t('certification.updatedAt'), width: 150, render: (_, a) => formatDateTime(a.updatedAt) },
          ]}
        />
      )}
    </QueryState>
  );
}

export function CertificationPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t('certification.title')}
        extra={
          <Link to="/certificates">
            <Button icon={<SafetyCertificateOutlined />}>{t('certs.mineTitle')}</Button>
          </Link>
        }
      />
      <Tabs
        defaultActiveKey="programmes"
        items={[
          { key: 'programmes', label: <span data-testid="tab-programmes">{t('certification.programmes')}</span>, children: <Programmes /> },
          { key: 'mine', label: <span data-testid="tab-mine">{t('certification.mine')}</span>, children: <MyApplications /> },
        ]}
      />
    </>
  );
}
