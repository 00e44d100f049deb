// The lists below the call (003): callbacks (assign to me, call back), the
// call history with ring back (002), and the agent's own recordings.
import { type EngineState, myRecordings } from '@ringline/core';
import { formatSeconds, useCallHistory, useEngine, useSelector } from '@ringline/react';
import { useCallbacks, useDesk } from '@ringline/react/desk';
import { useState } from 'react';
import { clockTime, endReasonLabel } from '../shared/ui/labels.js';

const callbackStatusText = { queued: 'In a queue', assigned: 'Assigned', active: 'Active', noReply: 'No reply', done: 'Done' } as const;

export function WorkLists() {
  return (
    <>
      <section className="card worklist" aria-label="Call history">
        <h3>Call history</h3>
        <History />
      </section>
      <div className="worklists__pair">
        <section className="card worklist" aria-label="Callbacks">
          <h3>Callbacks</h3>
          <Callbacks />
        </section>
        <section className="card worklist" aria-label="Recordings">
          <h3>My recordings</h3>
          <Recordings />
        </section>
      </div>
    </>
  );
}

function useFromNumber(): string {
  return useDesk().config.fromNumbers[0] ?? '';
}

function Problem({ text }: { text: string | undefined }) {
  return text ? <p className="notice notice--error" role="alert">{text}</p> : null;
}

function History() {
  const engine = useEngine();
  const history = useCallHistory();
  const from = useFromNumber();
  const [problem, setProblem] = useState<string>();
  return (
    <div data-testid="history">
      <Problem text={problem} />
      {history.length === 0 && <p className="muted">No calls yet in this session.</p>}
      <table className="table">
        <tbody>
          {history.map((entry, index) => (
            <tr key={entry.id}>
              <td>{clockTime(entry.endedAt)}</td>
              <td><strong>{entry.remote.name ?? entry.remote.number ?? 'Unknown'}</strong><br /><span className="muted small">{entry.remote.number}</span></td>
              <td>{entry.direction === 'inbound' ? 'In' : 'Out'} · {entry.media}</td>
              <td><span className={`pill pill--outcome-${entry.endReason}`}>{endReasonLabel[entry.endReason] ?? entry.endReason}</span></td>
              <td className="num">{formatSeconds(entry.durationMs / 1000)}</td>
              <td>
                <button type="button" className="button button--secondary button--small" data-testid={`history-ringback-${index}`} disabled={!entry.remote.number}
                  onClick={() => {
                    const result = engine.send({ type: 'ringBack', historyCallId: entry.id, from });
                    setProblem(result.ok ? undefined : result.error.message);
                  }}>
                  Ring back
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Callbacks() {
  const { entries, assignToMe, start } = useCallbacks('all');
  const from = useFromNumber();
  const [problem, setProblem] = useState<string>();
  const act = (result: { ok: boolean; error?: { message: string } }) => setProblem(result.ok ? undefined : result.error?.message);
  return (
    <div data-testid="callbacks">
      <Problem text={problem} />
      {entries.length === 0 && <p className="muted">No callback requests. A visitor who finds nobody on duty can leave one.</p>}
      <table className="table">
        <tbody>
          {entries.map(({ callback, canAssignToMe, canStart }) => (
            <tr key={callback.id} data-testid={`callback-${callback.id}`}>
              <td>{clockTime(callback.requestedAt)}</td>
              <td><strong>{callback.customer.name ?? callback.customer.number}</strong><br /><span className="muted small">{callback.customer.number}</span></td>
              <td><span className={`pill pill--callback-${callback.status}`}>{callbackStatusText[callback.status]}</span>{callback.assignee ? <span className="muted small"> · {callback.assignee}</span> : null}</td>
              <td className="num">{callback.attempts} tries</td>
              <td><div className="actions">
                {canAssignToMe && <button type="button" className="button button--secondary button--small" data-testid={`callback-assign-${callback.id}`} onClick={() => act(assignToMe(callback.id))}>Assign to me</button>}
                {canStart && <button type="button" className="button button--primary button--small" data-testid={`callback-start-${callback.id}`} onClick={() => act(start(callback.id, from))}>Call now</button>}
              </div></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const recordingsOf = (state: EngineState) => myRecordings(state);

function Recordings() {
  const recordings = useSelector(recordingsOf);
  return (
    <div data-testid="recordings">
      {recordings.length === 0 && <p className="muted">Your recordings appear here after a call connects. Only you see yours; nobody can delete them.</p>}
      <table className="table">
        <tbody>
          {[...recordings].reverse().map((recording) => (
            <tr key={recording.id}>
              <td>{clockTime(recording.at)}</td>
              <td>{recording.media === 'video' ? 'Video' : 'Audio'}</td>
              <td className="num">{formatSeconds(recording.durationMs / 1000)}</td>
              <td className="muted small" title="The demo backend keeps recording metadata only; it stores no media.">metadata only</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
