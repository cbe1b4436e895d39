/** The counts of an import report as a row of small statistic cards (an error count above 0 in red). */
import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';

export function ImportCounts({ counts, testId }: { counts: [labelKey: string, value: number][]; testId?: string }) {
  const { t } = useTranslation();
  // Up to four cards share a row on a tablet, five or more take three per row there.
  const sm = counts.length > 4 ? 8 : 6;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid={testId}>
      {counts.map(([k, v]) => (
        <Col key={k} xs={12} sm={sm} md={counts.length > 4 ? 4 : 6}>
          <Card size="small">
            <Statistic title={t(k)} value={v} valueStyle={k === 'import.errorCount' && v > 0 ? { color: '#cf1322' } : undefined} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
