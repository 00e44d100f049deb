// Visitors and their time with the assistant: each visitor page gets a name
// and a demo phone number (so People can find them and the desk can ring them
// back); the assistant talks first, and asking for a person hands the
// conversation to the agents on duty with the assistant's summary (002).
import { createScriptedAgent, type Scheduler, type ScriptedAgent } from '../ai/scriptedAgent.js';
import type { MediaKind, VisitorCard } from '../protocol.js';
import { handoffQueue } from './directory.js';
import type { Hub } from './hub.js';
import type { Routing, Visitor } from './routing.js';

interface Session extends Visitor {
  activity: VisitorCard['activity'];
  assistant?: ScriptedAgent;
  media: MediaKind;
  /** The visitor's call with the assistant. */
  callId?: string;
  /** The hand-off call waiting for an agent, if any. */
  handoffCallId?: string;
  handoffs: number;
}

export interface Visitors {
  hello(visitorId: string): Visitor;
  get(visitorId: string): Visitor | undefined;
  byNumber(number: string): Visitor | undefined;
  startAssistant(visitorId: string, callId: string, media: MediaKind): void;
  assistantDone(visitorId: string): void;
  say(visitorId: string, text: string): void;
  askForPerson(visitorId: string): void;
  endAssistant(visitorId: string): void;
  setActivity(visitorId: string, activity: VisitorCard['activity']): void;
  cards(): VisitorCard[];
}

export interface VisitorsOptions {
  hub: Hub;
  scheduler: Scheduler;
  routing: () => Routing;
  typingMs?: number;
  onChange(): void;
}

const firstNames = ['Maya', 'Leo', 'Noor', 'Ivan', 'Zoe', 'Omar', 'Lena', 'Kai'];

/** A stable, valid E.164 demo number per visitor id (US 555 range, not dialable). */
function demoNumber(visitorId: string): string {
  let hash = 0;
  for (const char of visitorId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `+1415555${String(2000 + (hash % 8000)).padStart(4, '0')}`;
}

export function createVisitors(options: VisitorsOptions): Visitors {
  const { hub, scheduler } = options;
  const sessions = new Map<string, Session>();
  const need = (visitorId: string) => {
    const session = sessions.get(visitorId);
    if (!session) throw new Error(`Unknown visitor ${visitorId}: open the event stream first`);
    return session;
  };
  const setActivity = (session: Session, activity: VisitorCard['activity']) => {
    session.activity = activity;
    options.onChange();
  };

  function handOff(session: Session): void {
    if (session.handoffCallId && options.routing().get(session.handoffCallId)?.state === 'offered') return;
    const assistant = session.assistant;
    const callId = `handoff-${session.id}-${++session.handoffs}`;
    session.handoffCallId = callId;
    setActivity(session, 'waitingForPerson');
    hub.toVisitor(session.id, { type: 'assistantState', state: 'waitingForPerson' });
    options.routing().offer({
      callId, visitor: { id: session.id, name: session.name, number: session.number }, media: session.media, queue: handoffQueue,
      conversationId: `conv-${session.id}`, handoff: true, roomRole: 'dial', transcript: assistant ? [...assistant.transcript] : [],
      ...(session.callId ? { visitorCallId: session.callId } : {}),
      summary: assistant?.summary() ?? `${session.name} asked for a person.`,
    });
  }

  return {
    hello(visitorId) {
      let session = sessions.get(visitorId);
      if (!session) {
        const name = `${firstNames[sessions.size % firstNames.length]} (visitor)`;
        session = { id: visitorId, name, number: demoNumber(visitorId), activity: 'browsing', media: 'audio', handoffs: 0 };
        sessions.set(visitorId, session);
        options.onChange();
      }
      return { id: session.id, name: session.name, number: session.number };
    },
    get: (visitorId) => sessions.get(visitorId),
    byNumber: (number) => [...sessions.values()].find((session) => session.number === number),
    startAssistant(visitorId, callId, media) {
      const session = need(visitorId);
      session.assistant?.stop();
      session.media = media;
      session.callId = callId;
      session.assistant = createScriptedAgent({
        scheduler, visitorName: session.name.replace(' (visitor)', ''), typingMs: options.typingMs,
        say: (line) => hub.toVisitor(visitorId, { type: 'chat', line }),
        onHandoffWanted: () => handOff(session),
      });
      setActivity(session, 'assistant');
      hub.toVisitor(visitorId, { type: 'assistantState', state: 'talking' });
    },
    say(visitorId, text) {
      const session = need(visitorId);
      if (!session.assistant) throw new Error('Start a call first: the assistant answers it');
      session.assistant.hear(text);
    },
    askForPerson(visitorId) {
      handOff(need(visitorId));
    },
    endAssistant(visitorId) {
      const session = need(visitorId);
      session.assistant?.stop();
      session.assistant = undefined;
      // A visitor who gives up takes the hand-off card with them (002).
      if (session.handoffCallId) options.routing().withdraw(session.handoffCallId);
      session.handoffCallId = undefined;
      if (session.activity !== 'inCall') setActivity(session, 'browsing');
      hub.toVisitor(visitorId, { type: 'assistantState', state: 'ended' });
    },
    assistantDone(visitorId) {
      const session = need(visitorId);
      session.assistant?.stop();
      session.assistant = undefined;
      session.handoffCallId = undefined;
      setActivity(session, 'inCall');
    },
    setActivity(visitorId, activity) {
      const session = sessions.get(visitorId);
      if (session) setActivity(session, activity);
    },
    cards: () => [...sessions.values()].filter((session) => hub.visitorOnline(session.id)).map(({ id, name, number, activity }) => ({ id, name, number, activity })),
  };
}
