// The agent desk: top bar with duty, ringing offers, the call panel with the
// conversation beside it (002), the wrap-up window, then the work lists.
import { activeCall, deskCall, type EngineState } from '@ringline/core';
import { useEngine, usePersistPreferences, useSelector } from '@ringline/react';
import { useEffect, useState } from 'react';
import type { DeskLine } from '../shared/deskSetup.js';
import { EnvironmentNotice } from '../shared/ui/EnvironmentNotice.js';
import { CallLinkPanel } from './CallLinkPanel.js';
import { CallPanel } from './CallPanel.js';
import { ConversationPanel } from './ConversationPanel.js';
import { OfferCards } from './OfferCards.js';
import { TopBar } from './TopBar.js';
import { type DeskFeedStore, useDeskFeed } from './useDeskFeed.js';
import { VisitorsList } from './VisitorsList.js';
import { WorkLists } from './WorkLists.js';
import { WrapUpPanel } from './WrapUpPanel.js';

const conversationShown = (state: EngineState) => {
  const call = activeCall(state) ?? state.calls[0];
  return (call && deskCall(state, call.id)?.conversationId) ?? state.desk?.wrapUp?.conversationId;
};

export function DeskApp({ line, feed, avatarUrl }: { line: DeskLine; feed: DeskFeedStore; avatarUrl: string }) {
  const call = useSelector(activeCall);
  const conversationId = useSelector(conversationShown);
  const onDuty = useSelector((state: EngineState) => state.desk?.agent.onDuty ?? false);
  const inWrapUp = useSelector((state: EngineState) => state.desk?.wrapUp !== undefined);
  const { visitors } = useDeskFeed(feed);
  usePersistPreferences();
  return (
    <div className="desk">
      <TopBar avatarUrl={avatarUrl} />
      <Toasts />
      <main className="desk__main">
        <div className="desk__work">
          <EnvironmentNotice requirements={{ desktopOnly: true, screenShare: true }} />
          <OfferCards />
          {call ? <CallPanel call={call} media={line.media} /> : !inWrapUp && (
            <section className="card idle">
              <h2>{onDuty ? 'Waiting for calls' : 'You are off duty'}</h2>
              <p className="muted">{onDuty ? 'Hand-offs from the assistant and calls for your queues ring here. You take one call at a time.' : 'Turn the duty toggle on to receive calls; while off duty, calls go to others who are on.'}</p>
            </section>
          )}
          <WrapUpPanel />
          <WorkLists />
        </div>
        <aside className="desk__side">
          <ConversationPanel conversationId={conversationId} />
          <CallLinkPanel shownConversationId={conversationId} />
          <VisitorsList visitors={visitors} />
        </aside>
      </main>
    </div>
  );
}

/** Errors the engine reports (a refused hold, a device that failed), with the remedy a person can act on. */
function Toasts() {
  const engine = useEngine();
  const [toasts, setToasts] = useState<{ id: number; text: string }[]>([]);
  useEffect(() => {
    let next = 0;
    return engine.on('error', ({ error }) => {
      const id = ++next;
      setToasts((shown) => [...shown.slice(-2), { id, text: `${error.message} ${error.remedy}` }]);
      setTimeout(() => setToasts((shown) => shown.filter((toast) => toast.id !== id)), 6_000);
    });
  }, [engine]);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => <p key={toast.id} className="notice notice--error">{toast.text}</p>)}
    </div>
  );
}
