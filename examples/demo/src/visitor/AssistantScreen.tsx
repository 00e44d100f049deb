// The visitor's call while the assistant has it. Its leg is text: the
// scripted conversation, a box to answer it, and "Talk to a person", which
// hands the conversation to an agent on duty with a summary (002). With
// nobody on duty the visitor can leave a number for a callback (003).
import { type Call, callStatus } from '@ringline/core';
import { formatSeconds, useCallDuration } from '@ringline/react';
import { useEffect, useRef, useState } from 'react';
import { Icon } from '../shared/ui/Icon.js';
import { statusLabel } from '../shared/ui/labels.js';
import type { AssistantView } from './useAssistant.js';

export interface AssistantScreenProps {
  call: Call;
  view: AssistantView;
  onHangUp(): void;
  onSay(text: string): void;
  onAskForPerson(): void;
  onRequestCallback(number: string): void;
}

export function AssistantScreen({ call, view, onHangUp, onSay, onAskForPerson, onRequestCallback }: AssistantScreenProps) {
  const seconds = useCallDuration(call.id);
  const [draft, setDraft] = useState('');
  const log = useRef<HTMLOListElement>(null);
  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [view.lines.length]);
  const waiting = view.state === 'waitingForPerson';
  return (
    <div className="screen screen--assistant">
      <div className="assistant__header">
        <span className="assistant__badge" aria-hidden="true">AI</span>
        <div>
          <strong>Ringline assistant</strong>
          <span className="muted">
            <span data-testid="call-status">{statusLabel[callStatus(call)]}</span>
            {seconds !== undefined && <> · <span data-testid="call-duration">{formatSeconds(seconds)}</span></>}
            {' · '}<span data-testid="assistant-status">{view.joining ? `${view.joining.agent.name} is joining…` : waiting ? 'finding a person for you…' : view.state === 'noOneOnDuty' ? 'no one is free right now' : 'answering in text'}</span>
          </span>
        </div>
        <button type="button" className="control control--hangup control--compact" data-testid="hang-up" onClick={onHangUp} aria-label="End call"><Icon name="hangUp" /></button>
      </div>
      <ol className="chat" ref={log} aria-live="polite" data-testid="assistant-transcript">
        {view.lines.map((line, index) => (
          <li key={index} className={`chat__line chat__line--${line.from}`}>{line.text}</li>
        ))}
        {view.lines.length === 0 && <li className="chat__line chat__line--system">Connecting you to the assistant…</li>}
      </ol>
      {view.state === 'noOneOnDuty' ? (
        <CallbackForm number={view.callbackNumber ?? view.number} requested={view.callbackNumber !== undefined} onRequest={onRequestCallback} />
      ) : (
        <form className="chat__compose" onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim()) onSay(draft.trim());
          setDraft('');
        }}>
          <input value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="Type a message…" aria-label="Message to the assistant" data-testid="assistant-input" />
          <button type="submit" className="button button--secondary" disabled={!draft.trim()}>Send</button>
        </form>
      )}
      <button type="button" className="button button--primary" data-testid="ask-for-person" disabled={waiting} onClick={onAskForPerson}>
        {waiting ? 'Waiting for a person…' : 'Talk to a person'}
      </button>
    </div>
  );
}

function CallbackForm({ number, requested, onRequest }: { number: string; requested: boolean; onRequest(number: string): void }) {
  const [value, setValue] = useState(number);
  if (requested) return <p className="notice notice--success" data-testid="callback-requested">We will call you back at {number}.</p>;
  return (
    <form className="callback-form" onSubmit={(event) => {
      event.preventDefault();
      onRequest(value.trim());
    }}>
      <label className="field">
        <span className="field__label">Your phone number</span>
        <input value={value} onChange={(event) => setValue(event.target.value)} inputMode="tel" pattern="\+[1-9][0-9]{6,14}" title="An international number such as +14155550100" data-testid="callback-number" />
      </label>
      <button type="submit" className="button button--secondary" data-testid="request-callback">Call me back</button>
    </form>
  );
}
