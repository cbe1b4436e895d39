/**
 * The exam page's status line: the countdown (on the server's clock) and the autosave state.
 */
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  DisconnectOutlined,
  ExclamationCircleOutlined,
  LoadingOutlined,
} from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaveStatus } from './autosave.ts';
import { formatCountdown, remainingMs, timerLevel } from './timer.ts';

/**
 * Ticks every second from `deadlineAt` and the clock offset; calls `onTimeUp` once when the
 * time left reaches zero (also when the page loads after the deadline).
 */
export function Countdown({
  deadlineAt,
  offsetMs,
  onTimeUp,
}: {
  deadlineAt: string;
  offsetMs: number;
  onTimeUp: () => void;
}) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const fired = useRef(false);
  const left = remainingMs(deadlineAt, offsetMs, now) ?? 0;
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, []);
  useEffect(() => {
    if (left <= 0 && !fired.current) {
      fired.current = true;
      onTimeUp();
    }
  }, [left, onTimeUp]);
  const level = timerLevel(left);
  return (
    <Tag
      icon={<ClockCircleOutlined />}
      color={level === 'danger' ? 'red' : level === 'warning' ? 'orange' : 'blue'}
      style={{ fontSize: 16, padding: '4px 10px', fontVariantNumeric: 'tabular-nums', margin: 0 }}
      role="timer"
      aria-label={t('exams.take.timeLeft')}
      data-testid="countdown"
      data-remaining-ms={Math.round(left)}
    >
      {formatCountdown(left)}
    </Tag>
  );
}

export function SaveIndicator({ status }: { status: SaveStatus }) {
  const { t } = useTranslation();
  const at = status.savedAt ? dayjs(status.savedAt).format('HH:mm:ss') : null;
  const detail = status.error instanceof Error ? status.error.message : undefined;
  switch (status.state) {
    case 'idle':
      return null;
    case 'saving':
      return (
        <Tag icon={<LoadingOutlined />} data-testid="save-state" data-state="saving" style={{ margin: 0 }}>
          {t('exams.take.saving')}
        </Tag>
      );
    case 'saved':
      return (
        <Tag
          icon={<CheckCircleOutlined />}
          color="success"
          data-testid="save-state"
          data-state="saved"
          style={{ margin: 0 }}
        >
          {t('exams.take.savedAt', { time: at })}
        </Tag>
      );
    case 'offline':
      return (
        <Tooltip title={detail}>
          <Tag
            icon={<DisconnectOutlined />}
            color="warning"
            data-testid="save-state"
            data-state="offline"
            style={{ margin: 0 }}
          >
            {t('exams.take.offline')}
          </Tag>
        </Tooltip>
      );
    case 'error':
    case 'closed':
      return (
        <Tooltip title={detail}>
          <Tag
            icon={<ExclamationCircleOutlined />}
            color="error"
            data-testid="save-state"
            data-state={status.state}
            style={{ margin: 0 }}
          >
            {status.state === 'closed' ? t('exams.take.saveClosed') : t('exams.take.saveError', { detail })}
          </Tag>
        </Tooltip>
      );
  }
}
