import type { PublishStatusSummary } from '@fulian/shared-types/publish-status';
import { useFetchClient } from '@strapi/strapi/admin';
import { type CSSProperties, forwardRef, useEffect, useState } from 'react';

// The home page's 网站发布状态 panel: whether the public site has caught up with what was
// published, from the publish service through the CMS's own route (cms/src/bootstrap/
// publish-status.ts). Plain elements only: the design system is not a dependency of cms/.

type Status = PublishStatusSummary;

const REFRESH_MS = 10_000;

const time = (iso: string | null | undefined) =>
  iso
    ? new Date(iso).toLocaleString('zh-CN', {
        timeZone: 'Asia/Shanghai',
        month: 'long',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
    : '—';

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} 秒`;

const row: CSSProperties = { display: 'flex', gap: 12, padding: '4px 0', fontSize: 14, lineHeight: 1.5 };
const term: CSSProperties = { minWidth: 84, color: '#666687', flexShrink: 0 };
const ok: CSSProperties = { color: '#328048', fontWeight: 600 };
const bad: CSSProperties = { color: '#b72b1a', fontWeight: 600 };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={row}>
      <dt style={term}>{label}</dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </div>
  );
}

function stateText(status: Status): { text: string; good: boolean } {
  if (status.state === 'building') return { text: `正在更新网站（${time(status.buildingSince)} 开始）`, good: true };
  if (status.state === 'waiting') {
    return { text: `有 ${status.pendingEvents} 处改动等待更新，预计 ${time(status.nextBuildAt)} 开始`, good: true };
  }
  if (status.lastBuild?.result === 'failed') return { text: '上次更新失败，网站仍显示之前的版本', good: false };
  return { text: '网站已是最新', good: true };
}

export function PublishStatusWidget() {
  const { get } = useFetchClient();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const { data } = await get<{ data: Status }>('/fulian/publish-status');
        if (stopped) return;
        setStatus(data.data);
        setError(null);
      } catch (failure) {
        if (stopped) return;
        const response = (failure as { response?: { data?: { error?: { message?: string } } } }).response;
        setError(response?.data?.error?.message ?? `无法读取发布状态：${(failure as Error).message}`);
      }
    };
    void load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [get]);

  if (error) {
    return (
      <p role="alert" style={{ ...bad, fontSize: 14, margin: 0 }}>
        {error}
      </p>
    );
  }
  if (!status) return <p style={{ fontSize: 14, margin: 0 }}>正在读取发布状态……</p>;

  const summary = stateText(status);
  const last = status.lastBuild;
  const failure = last?.result === 'failed' ? last : null;
  return (
    <div data-testid="publish-status">
      <p style={{ ...(summary.good ? ok : bad), margin: '0 0 8px' }}>{summary.text}</p>
      <dl style={{ margin: 0 }}>
        <Fact label="线上版本">{status.liveRelease ?? '尚未发布'}</Fact>
        <Fact label="上线时间">{time(status.lastSuccess?.finishedAt)}</Fact>
        <Fact label="上次更新">
          {last ? (
            <>
              {time(last.finishedAt)}，
              <span style={last.result === 'success' ? ok : bad}>{last.result === 'success' ? '成功' : '失败'}</span>
              ，用时 {seconds(last.durationMs)}
              {last.fromSnapshot ? '（内容取自上次的备份）' : ''}
            </>
          ) : (
            '还没有更新过'
          )}
        </Fact>
      </dl>
      {failure && (
        <div style={{ marginTop: 8 }}>
          {failure.failedDocuments.length > 0 ? (
            <>
              <p style={{ ...bad, margin: '0 0 4px', fontSize: 14 }}>以下内容不符合要求，请修改后重新发布：</p>
              <ul style={{ margin: 0, paddingLeft: 20, fontSize: 14, lineHeight: 1.6 }}>
                {failure.failedDocuments.map((d) => (
                  <li key={`${d.collection}-${d.documentId}-${d.problem}`}>
                    {d.collection}“{d.title ?? d.documentId}”：{d.problem}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p style={{ margin: 0, fontSize: 14, whiteSpace: 'pre-wrap' }}>
              原因：{failure.error?.split('\n')[0] ?? '未知'}。请联系系统管理员。
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** A small upload-arrow icon for the widget's header (the admin passes its icon props and ref). */
export const PublishIcon = forwardRef<SVGSVGElement, React.SVGProps<SVGSVGElement>>((props, ref) => (
  <svg
    ref={ref}
    width="16"
    height="16"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    aria-hidden="true"
    {...props}
  >
    <path d="M12 16V4m0 0-5 5m5-5 5 5M4 20h16" />
  </svg>
));
