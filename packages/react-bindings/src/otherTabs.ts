// 002's troubleshooting: "The dashboard is open in more than one tab. Close
// the extras." Tabs of one agent's desk in this browser find each other over
// a BroadcastChannel and say they are there every `beatMs`; a tab that closed
// says goodbye, one that crashed is forgotten after three beats.
import { useDesk } from './provider.js';
import { useMemo, useSyncExternalStore } from './react.js';

const noop = () => {};
const none = () => 0;

interface TabMessage {
  type: 'hello' | 'here' | 'bye';
  tab: string;
}

function otherTabs(channelName: string, beatMs: number) {
  // Not the desk's tabId: a duplicated tab copies sessionStorage, and with it a kept tabId.
  const me = globalThis.crypto?.randomUUID?.() ?? `${Math.random()}`;
  let count = 0;
  return {
    count: () => count,
    subscribe(onChange: () => void): () => void {
      const Channel = globalThis.BroadcastChannel;
      if (!Channel) return noop;
      const channel = new Channel(channelName);
      const seen = new Map<string, number>();
      const say = (type: TabMessage['type']) => channel.postMessage({ type, tab: me } satisfies TabMessage);
      const settle = () => {
        for (const [tab, at] of seen) if (Date.now() - at > 3 * beatMs) seen.delete(tab);
        if (seen.size === count) return;
        count = seen.size;
        onChange();
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
      return () => {
        clearInterval(beat);
        say('bye');
        channel.close();
        seen.clear();
        count = 0;
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
