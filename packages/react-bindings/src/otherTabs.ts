// 002's troubleshooting: "The dashboard is open in more than one tab. Close
// the extras." Tabs of one agent's desk in this browser find each other over
// a BroadcastChannel and say they are there every `beatMs`; a tab that closed
// says goodbye, one that crashed is forgotten after three beats. A page is
// one tab however many components ask: one id, one channel per name.
import { useDesk } from './provider.js';
import { useMemo, useSyncExternalStore } from './react.js';

const noop = () => {};
const none = () => 0;

interface TabMessage {
  type: 'hello' | 'here' | 'bye';
  tab: string;
}

interface Watch {
  count: number;
  listeners: Set<() => void>;
  close(): void;
}

/** This page's id. Not the desk's tabId: a duplicated tab copies sessionStorage, and with it a kept tabId. */
let page: string | undefined;
const watches = new Map<string, Watch>();

function open(channelName: string, beatMs: number, Channel: typeof BroadcastChannel): Watch {
  const me = (page ??= globalThis.crypto?.randomUUID?.() ?? `${Math.random()}`);
  const channel = new Channel(channelName);
  const seen = new Map<string, number>();
  const say = (type: TabMessage['type']) => channel.postMessage({ type, tab: me } satisfies TabMessage);
  const settle = () => {
    for (const [tab, at] of seen) if (Date.now() - at > 3 * beatMs) seen.delete(tab);
    if (seen.size === watch.count) return;
    watch.count = seen.size;
    for (const listener of watch.listeners) listener();
  };
  channel.onmessage = ({ data }: MessageEvent<Partial<TabMessage>>) => {
    if (typeof data?.tab !== 'string' || data.tab === me) return;
    if (data.type === 'bye') seen.delete(data.tab);
    else {
      // A newcomer hears from every tab at once, not a beat later.
      if (data.type === 'hello') say('here');
      seen.set(data.tab, Date.now());
    }
    settle();
  };
  say('hello');
  const beat = setInterval(() => {
    say('here');
    settle();
  }, beatMs);
  const watch: Watch = {
    count: 0,
    listeners: new Set(),
    close() {
      clearInterval(beat);
      say('bye');
      channel.close();
    },
  };
  return watch;
}

function otherTabs(channelName: string, beatMs: number) {
  return {
    count: () => watches.get(channelName)?.count ?? 0,
    subscribe(onChange: () => void): () => void {
      const Channel = globalThis.BroadcastChannel;
      if (!Channel) return noop;
      let watch = watches.get(channelName);
      if (!watch) watches.set(channelName, (watch = open(channelName, beatMs, Channel)));
      watch.listeners.add(onChange);
      return () => {
        watch.listeners.delete(onChange);
        if (watch.listeners.size > 0) return;
        // The last component of this page that asked: the page leaves.
        watches.delete(channelName);
        watch.close();
      };
    },
  };
}

/** How many other tabs of this agent's desk are open in this browser (0 where BroadcastChannel is missing). */
export function useOtherDeskTabs(options: { beatMs?: number } = {}): number {
  const desk = useDesk();
  const beatMs = options.beatMs ?? 2_000;
  const tabs = useMemo(() => otherTabs(`ringline-desk:${desk.config.agent.id}`, beatMs), [desk, beatMs]);
  return useSyncExternalStore(tabs.subscribe, tabs.count, none);
}
