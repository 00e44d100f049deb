// The visitor widget: one screen at a time, chosen from the engine's state:
// the call with the assistant (its text leg, then a person taking it over),
// calls from an agent ringing, the live call, the missed-call screen. The
// assistant's conversation and the callback request come from the backend.
import { useActiveCall, useEngine, useIncomingCalls, useMissedCalls, usePersistPreferences } from '@ringline/react';
import { useEffect, useState } from 'react';
import { assistantParty } from '../shared/visitorAdapter.js';
import { EnvironmentNotice } from '../shared/ui/EnvironmentNotice.js';
import type { VisitorLine } from '../shared/visitorSetup.js';
import { AssistantScreen } from './AssistantScreen.js';
import { CallScreen } from './CallScreen.js';
import { IncomingCallScreen } from './IncomingCallScreen.js';
import { Launcher } from './Launcher.js';
import { MissedCallScreen } from './MissedCallScreen.js';
import { TakeoverScreen } from './TakeoverScreen.js';
import { type AssistantStore, useAssistant } from './useAssistant.js';

export function VisitorApp({ line, store }: { line: VisitorLine; store: AssistantStore }) {
  const engine = useEngine();
  const assistant = useAssistant(store);
  const active = useActiveCall();
  const ringing = useIncomingCalls();
  const missed = useMissedCalls();
  const [problem, setProblem] = useState<string>();
  usePersistPreferences();
  const command = line.backend.command;
  const { visitorId } = line;

  // A call that continues after a transfer: the visitor already agreed to talk (the p2p leg moves to a new room).
  useEffect(() => {
    for (const call of ringing) if (assistant.transferred.includes(call.id)) engine.accept(call.id);
  }, [engine, ringing, assistant.transferred]);

  const incoming = ringing.find((call) => !assistant.transferred.includes(call.id));
  const withAssistant = active?.remote.id === assistantParty.id;
  const report = (result: { ok: boolean; error?: { remedy: string } }) => setProblem(result.ok ? undefined : result.error?.remedy);

  let screen;
  if (active?.takeover) {
    screen = <TakeoverScreen call={active} onAccept={() => report(engine.accept(active.id))} onDecline={() => report(engine.decline(active.id))} />;
  } else if (incoming) {
    screen = <IncomingCallScreen call={incoming} onAccept={() => report(engine.accept(incoming.id))} onDecline={() => report(engine.decline(incoming.id))} />;
  } else if (active && withAssistant) {
    screen = (
      <AssistantScreen call={active} view={assistant}
        onHangUp={() => report(engine.hangUp(active.id))}
        onSay={(text) => void command({ type: 'visitorSay', visitorId, text })}
        onAskForPerson={() => void command({ type: 'askForPerson', visitorId })}
        onRequestCallback={(number) => void command({ type: 'requestCallback', visitorId, number })} />
    );
  } else if (active) {
    screen = <CallScreen call={active} adapter={line.adapter} />;
  } else if (missed[0]) {
    const last = missed[0];
    screen = <MissedCallScreen missed={last} error={problem} onRecall={() => report(engine.recall(last.callId))} onDismiss={() => engine.dismissMissed(last.callId)} />;
  } else {
    screen = <Launcher busy={false} onCall={(media) => report(engine.placeCall(assistantParty, media))} />;
  }

  return (
    <section className="widget" aria-label="Help widget">
      <header className="widget__header">
        <span className="widget__logo" aria-hidden="true">N</span>
        <div>
          <strong>Northwind support</strong>
          <span className="widget__sub">{assistant.name ? `You are ${assistant.name.replace(' (visitor)', '')} · ${assistant.number}` : 'Connecting…'}</span>
        </div>
      </header>
      <EnvironmentNotice requirements={{}} />
      <div className="widget__body">{screen}</div>
      {problem && !missed[0] && <p className="notice notice--error widget__problem" role="alert">{problem}</p>}
      <footer className="widget__footer">Calls by Ringline · peer-to-peer on this machine</footer>
    </section>
  );
}
