// The demo's AI assistant: a scripted text conversation that answers the
// visitor first. It greets, answers a few topics by keyword, and notices when
// the visitor asks for a person; its summary goes on the agent's hand-off card
// (002). Time comes from the caller's scheduler so tests need not wait.
import type { ChatLine } from '../protocol.js';

export interface Scheduler {
  now(): number;
  after(ms: number, work: () => void): { cancel(): void };
}

export interface ScriptedAgentOptions {
  scheduler: Scheduler;
  visitorName: string;
  say(line: ChatLine): void;
  /** The visitor asked for a person, in words or with the button. */
  onHandoffWanted(): void;
  /** Pause between the assistant's lines, so it reads like typing. */
  typingMs?: number;
}

export interface ScriptedAgent {
  hear(text: string): void;
  readonly transcript: ChatLine[];
  summary(): string;
  stop(): void;
}

const greeting = (name: string) => [
  `Hi ${name}, I'm the Ringline assistant. I can help with orders, delivery and billing.`,
  'What can I help you with today? You can ask for a person at any time.',
];

const topics: { words: RegExp; topic: string; answer: string }[] = [
  { words: /\b(refund|charge|charged|bill|billing|invoice|price|pricing)\b/i, topic: 'billing', answer: 'I can see billing questions like that usually need a look at the account. Refunds go back to the original card within 5 business days.' },
  { words: /\b(deliver|delivery|shipping|shipped|parcel|package|track)\b/i, topic: 'delivery', answer: 'Orders ship within one business day; the tracking link arrives by email once the parcel leaves the warehouse.' },
  { words: /\b(order|cancel|change|return)\b/i, topic: 'an order', answer: 'Orders can be changed or cancelled until they ship. Returns are free within 30 days.' },
  { words: /\b(password|login|log in|account|sign in)\b/i, topic: 'account access', answer: 'You can reset your password from the sign-in page; the link is valid for one hour.' },
];

const wantsPerson = /\b(person|human|agent|someone|representative|real)\b/i;

export function createScriptedAgent(options: ScriptedAgentOptions): ScriptedAgent {
  const { scheduler, say } = options;
  const typingMs = options.typingMs ?? 700;
  const transcript: ChatLine[] = [];
  const topicsRaised: string[] = [];
  const pending = new Set<{ cancel(): void }>();
  let queueEndsAt = scheduler.now();
  let stopped = false;

  const emit = (line: ChatLine) => {
    transcript.push(line);
    say(line);
  };
  // Lines queue one after another, each a typing pause after the last.
  const assistant = (text: string, then?: () => void) => {
    queueEndsAt = Math.max(queueEndsAt, scheduler.now()) + typingMs;
    const task = scheduler.after(queueEndsAt - scheduler.now(), () => {
      pending.delete(task);
      if (stopped) return;
      emit({ from: 'assistant', text, at: scheduler.now() });
      then?.();
    });
    pending.add(task);
  };

  for (const line of greeting(options.visitorName)) assistant(line);

  return {
    transcript,
    hear(text) {
      if (stopped) return;
      emit({ from: 'visitor', text, at: scheduler.now() });
      if (wantsPerson.test(text)) {
        assistant('Of course. I am passing you to a person now, with a summary so you do not have to repeat yourself.', options.onHandoffWanted);
        return;
      }
      const match = topics.find((topic) => topic.words.test(text));
      if (!match) {
        assistant('I am not sure I understood. I can help with orders, delivery, billing and account access, or pass you to a person.');
        return;
      }
      if (!topicsRaised.includes(match.topic)) topicsRaised.push(match.topic);
      assistant(match.answer);
      assistant('Did that answer your question? If not, I can pass you to a person.');
    },
    summary() {
      const asked = transcript.filter((line) => line.from === 'visitor').map((line) => line.text);
      const about = topicsRaised.length > 0 ? `asked about ${topicsRaised.join(', ')}` : 'did not name a topic';
      const last = asked.length > 0 ? ` Last said: "${asked[asked.length - 1]!.slice(0, 140)}".` : '';
      return `${options.visitorName} ${about} and asked for a person.${last}`;
    },
    stop() {
      stopped = true;
      for (const task of pending) task.cancel();
      pending.clear();
    },
  };
}
