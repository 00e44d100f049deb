// 003's Transfer dialog: agents of the call's queue (available first), queues
// (only those with automatic assignment), or an external E.164 number as the
// policy allows (People only, or typed in). While it runs the call stays
// here; a failure brings it back with a warning.
import { type EngineState, type TransferTarget, transferOptions, transferTargetCheck } from '@ringline/core';
import { itemsEqual, useEngine, useSelector } from '@ringline/react';
import { useDesk, useTransfer } from '@ringline/react/desk';
import { useCallback, useMemo, useState } from 'react';
import { useContacts } from './contacts.js';

const failureText = { offline: 'the agent is offline', busy: 'nobody there is free', rejected: 'it was declined', noAnswer: 'nobody answered', error: 'it could not be placed', canceled: 'you canceled it' } as const;

export function TransferPanel({ callId }: { callId: string }) {
  const desk = useDesk();
  const engine = useEngine();
  const transfer = useTransfer(callId);
  const options = useSelector(useCallback((state: EngineState) => transferOptions(state, desk.config, engine.config, callId), [desk, engine, callId]), itemsEqual);
  const contacts = useContacts();
  const [number, setNumber] = useState('');
  const [problem, setProblem] = useState<string>();
  const external = options.external;
  const contact = useMemo(() => contacts.find((known) => known.number === number.trim() || known.name.toLowerCase() === number.trim().toLowerCase()), [contacts, number]);
  const target: TransferTarget = contact
    ? { kind: 'external', number: contact.number, source: 'contact', contactId: contact.id }
    : { kind: 'external', number: number.trim(), source: 'manual' };
  // 003: the button is disabled with the reason (a number not in People, say) before it is pressed.
  const check = external.available && number.trim() !== '' ? transferTargetCheck(engine.getSnapshot(), desk.config, engine.config, callId, target) : undefined;
  const send = (result: { ok: boolean; error?: { remedy: string; message: string } }) => setProblem(result.ok ? undefined : result.error?.message);

  return (
    <div className="transfer" aria-label="Transfer">
      <div className="transfer__status" data-testid="transfer-status" aria-live="polite">
        {transfer.inFlight ? `Transferring to ${describe(transfer.inFlight.target)} — ${transfer.inFlight.stage === 'ringing' ? 'ringing' : 'starting'}…`
          : transfer.warning ? `The call could not be transferred to ${describe(transfer.warning.target)}: ${failureText[transfer.warning.reason]}${transfer.warning.target.kind === 'external' ? ' (this demo has no phone gateway)' : ''}. It is back with you.`
          : 'Pick where the call goes.'}
      </div>
      {transfer.inFlight && (
        <button type="button" className="button button--secondary button--small" data-testid="transfer-cancel" onClick={() => send(transfer.cancel())}>Cancel transfer</button>
      )}
      {problem && <p className="notice notice--error" role="alert">{problem}</p>}
      <div className="transfer__columns">
        <div>
          <h3>{options.queue ? `Agents in ${options.queue.name}` : 'Agents in your queues'}</h3>
          <ul className="list">
            {options.agents.length === 0 && <li className="muted">No other agents in this queue</li>}
            {options.agents.map(({ target, available, reason }) => (
              <li key={target.id} className="list__row">
                <span><span className={`presence presence--${target.presence}`} aria-hidden="true" />{target.name ?? target.id}{!available && <span className="muted small"> · {reason}</span>}</span>
                <button type="button" className="button button--secondary button--small" data-testid={`transfer-agent-${target.id}`} disabled={!available || transfer.inFlight !== undefined} title={reason}
                  onClick={() => send(transfer.transfer({ kind: 'agent', agentId: target.id, ...(target.name ? { name: target.name } : {}) }))}>
                  Transfer
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Queues</h3>
          <ul className="list">
            {options.queues.map(({ target, available, reason }) => (
              <li key={target.queue} className="list__row">
                <span>{target.name}{available ? <span className="muted small"> · {target.freeAgents} free</span> : <span className="muted small"> · {reason}</span>}</span>
                <button type="button" className="button button--secondary button--small" data-testid={`transfer-queue-${target.queue}`} disabled={!available || transfer.inFlight !== undefined} title={reason}
                  onClick={() => send(transfer.transfer({ kind: 'queue', queue: target.queue }))}>
                  Transfer
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <form className="transfer__external" onSubmit={(event) => {
        event.preventDefault();
        send(transfer.transfer(target));
      }}>
        <h3>External number</h3>
        {!external.available ? <p className="muted">{external.reason}</p> : (
          <>
            <div className="transfer__row">
              <input list="people-numbers" value={number} onChange={(event) => setNumber(event.target.value)} placeholder={external.manualEntry ? 'Name or +E.164 number' : 'Name or number from People'}
                aria-label="External number" data-testid="transfer-external-input" />
              <button type="submit" className="button button--secondary" data-testid="transfer-external-submit" disabled={!check?.allowed || transfer.inFlight !== undefined}>Transfer</button>
            </div>
            <datalist id="people-numbers">
              {contacts.map((known) => <option key={known.id} value={known.number}>{known.name}</option>)}
            </datalist>
            {check && !check.allowed && <p className="notice notice--warn" data-testid="transfer-external-refusal">{check.message}</p>}
            {contact && <p className="muted small">{contact.name} · {contact.number}</p>}
          </>
        )}
      </form>
    </div>
  );
}

function describe(target: { kind: string; name?: string; agentId?: string; queue?: string; number?: string }): string {
  if (target.kind === 'agent') return target.name ?? target.agentId ?? 'an agent';
  if (target.kind === 'queue') return `queue ${target.queue}`;
  return target.number ?? 'an external number';
}
