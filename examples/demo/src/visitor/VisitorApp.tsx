// The visitor widget: one screen at a time, chosen from the engine's state
// (ringing, live and missed calls) and the backend's (the assistant, a person
// joining). Calls always come from the agent's desk; Recall is the visitor's own.
import { activeCall, type Call } from '@ringline/core';
import { useActiveCall, useCallHistory, useEngine, useIncomingCalls, useMissedCalls, usePersistPreferences } from '@ringline/react';
import { useEffect, useState } from 'react';
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
  const history = useCallHistory();
  const [recallError, setRecallError] = useState<string>();
  usePersistPreferences();
  const command = line.backend.command;
  const { visitorId } = line;

  // A call that continues after a transfer: the visitor already agreed to talk (the p2p leg moves to a new room).
  useEffect(() => {
    for (const call of ringing) if (assistant.transferred.includes(call.id)) engine.accept(call.id);
  }, [engine, ringing, assistant.transferred]);

  // The person's call ended (declined, missed or finished): the assistant's part is over too.
  const joiningId = assistant.joining?.callId;
  useEffect(() => {
    if (joiningId && history.some((entry) => entry.id === joiningId)) {
      store.clearJoining();
      void command({ type: 'endAssistant', visitorId });
    }
  }, [joiningId, history, store, command, visitorId]);

  const takeoverCall: Call | undefined = ringing.find((call) => call.id === joiningId);
  const incoming = ringing.find((call) => call.id !== joiningId && !assistant.transferred.includes(call.id));
  const inAssistant = assistant.state === 'talking' || assistant.state === 'waitingForPerson' || assistant.state === 'noOneOnDuty';

  let screen;
  if (active) {
    screen = <CallScreen call={active} adapter={line.adapter} heldByAgent={assistant.heldByAgent.includes(active.id)} />;
  } else if (assistant.joining && (takeoverCall || !history.some((entry) => entry.id === joiningId))) {
    screen = (
      <TakeoverScreen joining={assistant.joining} call={takeoverCall}
        onAccept={() => takeoverCall && engine.accept(takeoverCall.id)} onDecline={() => takeoverCall && engine.decline(takeoverCall.id)} />
    );
  } else if (incoming) {
    screen = <IncomingCallScreen call={incoming} onAccept={() => engine.accept(incoming.id)} onDecline={() => engine.decline(incoming.id)} />;
  } else if (missed[0]) {
    const last = missed[0];
    screen = (
      <MissedCallScreen missed={last} error={recallError}
        onRecall={() => {
          setRecallError(undefined);
          const result = engine.recall(last.callId);
          if (!result.ok) setRecallError(result.error.remedy);
        }}
        onDismiss={() => engine.dismissMissed(last.callId)} />
    );
  } else if (inAssistant) {
    screen = (
      <AssistantScreen view={assistant}
        onSay={(text) => void command({ type: 'visitorSay', visitorId, text })}
        onAskForPerson={() => void command({ type: 'askForPerson', visitorId })}
        onEnd={() => void command({ type: 'endAssistant', visitorId })}
        onRequestCallback={(number) => void command({ type: 'requestCallback', visitorId, number })} />
    );
  } else {
    screen = <Launcher busy={activeCall(engine.getSnapshot()) !== undefined} onCall={(media) => void command({ type: 'startAssistant', visitorId, media })} />;
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
      <div className="widget__body">{screen}</div>
      <footer className="widget__footer">Calls by Ringline · peer-to-peer on this machine</footer>
    </section>
  );
}
