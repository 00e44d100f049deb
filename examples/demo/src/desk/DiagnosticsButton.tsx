// 004's information for a technical escalation: core's collectDiagnostics
// JSON (date, organization and agent, client and conversation, the link
// without its token, browser, permissions, call status and timeline), shown
// and offered as a download. Link URLs the desk holds are redacted as well.
import { collectDiagnostics, deskCall, type EngineState, type PermissionStatus } from '@ringline/core';
import { useEngine } from '@ringline/react';
import { useDesk } from '@ringline/react/desk';
import { useState } from 'react';

async function permissionStates(): Promise<Partial<Record<'microphone' | 'camera', PermissionStatus>>> {
  const states: Partial<Record<'microphone' | 'camera', PermissionStatus>> = {};
  for (const name of ['microphone', 'camera'] as const) {
    try {
      states[name] = (await navigator.permissions.query({ name: name as PermissionName })).state;
    } catch {
      states[name] = 'unknown';
    }
  }
  return states;
}

export function DiagnosticsButton({ callId }: { callId: string }) {
  const engine = useEngine();
  const desk = useDesk();
  const [report, setReport] = useState<{ json: string; href: string }>();
  const collect = async () => {
    const state: EngineState = engine.getSnapshot();
    const info = deskCall(state, callId);
    const link = state.desk?.callLinks.find((known) => known.callId === callId);
    const tokens = (state.desk?.callLinks ?? []).flatMap((known) => (known.url ? [new URL(known.url).searchParams.get('t') ?? ''] : [])).filter(Boolean);
    const json = JSON.stringify(collectDiagnostics({
      state, now: engine.now(), timeline: engine.getTimeline(),
      environment: { userAgent: navigator.userAgent, permissions: await permissionStates() },
      context: {
        organization: 'Northwind Outfitters', agent: { id: desk.config.agent.id, name: desk.config.agent.name },
        ...(info?.contact.id ? { clientId: info.contact.id } : {}), ...(info?.conversationId ? { conversationId: info.conversationId } : {}),
        ...(link?.url ? { link: link.url } : {}),
      },
      redact: tokens,
    }), null, 2);
    if (report) URL.revokeObjectURL(report.href);
    setReport({ json, href: URL.createObjectURL(new Blob([json], { type: 'application/json' })) });
  };
  return (
    <div className="diagnostics">
      <button type="button" className="button button--secondary button--small" data-testid="collect-diagnostics" onClick={() => void collect()}>Collect diagnostics</button>
      {report && (
        <>
          <a className="button button--secondary button--small" data-testid="download-diagnostics" href={report.href} download={`ringline-diagnostics-${callId}.json`}>Download JSON</a>
          <pre className="diagnostics__json" data-testid="diagnostics">{report.json}</pre>
        </>
      )}
    </div>
  );
}
