// 003/004's "Generate call link": for the selected conversation (available
// only when it is started and this agent owns it, else grayed out with the
// reason) or a new guest by display name. The server signs the link; the
// agent copies it, then waits on the call screen until the client joins.
import { callLinkAvailability, type EngineState } from '@ringline/core';
import { useEngine, useSelector } from '@ringline/react';
import { useDesk } from '@ringline/react/desk';
import { useCallback, useState } from 'react';
import { type LinkKind, linkKinds } from '../shared/linkIssuer.js';
import { roomOfLink } from '../../server/links/linkRoom.js';

const kindLabel: Record<LinkKind, string> = { oneTime: 'One-time', expiry: 'Expiry', timeFrame: 'Time frame' };
const guest = '__guest__';

export function CallLinkPanel({ shownConversationId }: { shownConversationId: string | undefined }) {
  const engine = useEngine();
  const desk = useDesk();
  const [kind, setKind] = useState<LinkKind>(desk.config.callLinks.kind);
  const conversations = useSelector((state: EngineState) => state.desk?.conversations ?? []);
  const inCall = useSelector((state: EngineState) => state.calls.length > 0);
  const [picked, setPicked] = useState<string>();
  const target = picked ?? shownConversationId ?? guest;
  const availability = useSelector(useCallback((state: EngineState) => (target === guest ? undefined : callLinkAvailability(state, target)), [target]));
  const [guestName, setGuestName] = useState('');
  const [media, setMedia] = useState<'audio' | 'video'>('audio');
  const [window, setWindow] = useState({ from: '', until: '' });
  const [requestId, setRequestId] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const link = useSelector(useCallback((state: EngineState) => state.desk?.callLinks.find((known) => known.requestId === requestId), [requestId]));

  const generate = () => {
    const id = `link-${crypto.randomUUID()}`;
    const times = kind === 'timeFrame' ? { validFrom: Date.parse(window.from), validUntil: Date.parse(window.until) } : {};
    const result = engine.send({ type: 'createCallLink', requestId: id, target: target === guest ? { guestName } : { conversationId: target }, kind, media, ...times });
    setProblem(result.ok ? undefined : `${result.error.message}. ${result.error.remedy ?? ''}`);
    if (result.ok) setRequestId(id);
  };
  const wait = () => {
    if (!link?.linkId) return;
    const result = engine.send({ type: 'waitForLinkCall', requestId: link.requestId, callId: roomOfLink(link.linkId) });
    setProblem(result.ok ? undefined : `${result.error.message}. ${result.error.remedy ?? ''}`);
  };
  const blocked = availability && !availability.available ? availability : undefined;
  return (
    <section className="card call-link" aria-label="Call link" data-testid="call-link-panel">
      <h3>Call link</h3>
      <label className="field">For
        <select data-testid="call-link-target" value={target} onChange={(event) => setPicked(event.target.value)}>
          <option value={guest}>A new guest…</option>
          {conversations.map((known) => <option key={known.id} value={known.id}>{known.customer.name ?? known.customer.number ?? known.id}</option>)}
        </select>
      </label>
      {target === guest && (
        <label className="field">Display name
          <input data-testid="call-link-guest-name" value={guestName} maxLength={100} onChange={(event) => setGuestName(event.target.value)} />
        </label>
      )}
      {blocked && (
        <p className="notice notice--warn" data-testid="call-link-unavailable" data-reason={blocked.reason}>
          {blocked.message}. {blocked.remedy}
          {blocked.reason === 'conversationNotStarted' && (
            <button type="button" className="button button--secondary button--small" data-testid="start-conversation" onClick={() => engine.send({ type: 'startConversation', conversationId: target })}>Start conversation</button>
          )}
        </p>
      )}
      <label className="field">Link type
        <select data-testid="call-link-kind" value={kind} onChange={(event) => setKind(event.target.value as LinkKind)}>
          {linkKinds.map((option) => <option key={option} value={option}>{kindLabel[option]}</option>)}
        </select>
      </label>
      {kind === 'timeFrame' && (
        <div className="call-link__window">
          <label className="field">Valid from <input type="datetime-local" data-testid="call-link-from" value={window.from} onChange={(event) => setWindow({ ...window, from: event.target.value })} /></label>
          <label className="field">Valid until <input type="datetime-local" data-testid="call-link-until" value={window.until} onChange={(event) => setWindow({ ...window, until: event.target.value })} /></label>
        </div>
      )}
      <fieldset className="call-link__media">
        <legend>Media</legend>
        {(['audio', 'video'] as const).map((option) => (
          <label key={option}><input type="radio" name="call-link-media" value={option} checked={media === option} onChange={() => setMedia(option)} data-testid={`call-link-media-${option}`} /> {option === 'audio' ? 'Voice' : 'Video'}</label>
        ))}
      </fieldset>
      <button type="button" className="button" data-testid="create-link" disabled={blocked !== undefined || (target === guest && guestName.trim() === '')} title={blocked?.remedy} onClick={generate}>Generate link</button>
      {problem && <p className="notice notice--error" role="alert">{problem}</p>}
      {link?.status === 'requested' && <p className="muted">Signing the link…</p>}
      {link?.status === 'failed' && <p className="notice notice--error" role="alert">{link.error}</p>}
      {link?.status === 'created' && link.url && (
        <div className="call-link__result">
          <input readOnly className="call-link__url" data-testid="call-link-url" value={link.url} onFocus={(event) => event.target.select()} />
          <button type="button" className="button button--secondary button--small" data-testid="copy-link" onClick={() => void navigator.clipboard?.writeText(link.url!).catch(() => undefined)}>Copy</button>
          {link.callId === undefined && <button type="button" className="button button--small" data-testid="wait-for-client" disabled={inCall} onClick={wait}>Wait for the client</button>}
          {link.expiresAt !== undefined && <p className="muted small">{kindLabel[link.kind]} link, valid until {new Date(link.expiresAt).toLocaleString()}</p>}
        </div>
      )}
      <p className="hint">Send the link to the client; the call screen waits with a ringtone until they open it.</p>
    </section>
  );
}
