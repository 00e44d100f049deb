import { type AdapterCapabilities, type AgentDesk, createAgentDesk, createCallEngine, type CallEngine, type DeskConfigInput, type MediaPreferences } from '@ringline/core';
import { createLoopbackAdapter, createVirtualClock, type LoopbackAdapter, type VirtualClock } from '@ringline/core/testing';
import { act } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import { type PreferenceStorage, RinglineProvider } from '../src/index.js';

export const deskConfig: DeskConfigInput = {
  agent: { id: 'agent-ann', name: 'Ann', queues: ['support'] },
  fromNumbers: ['+14155550100'],
  queues: { support: { name: 'Customer support', autoAssign: true } },
  wrapUp: { durationMs: 30_000, allowTenSeconds: true, allowMoreTime: false },
  transfer: { external: 'contactsOnly', noAnswerMs: 20_000 },
};

export interface Harness {
  clock: VirtualClock;
  adapter: LoopbackAdapter;
  engine: CallEngine;
  desk: AgentDesk | undefined;
  wrapper: (props: { children: ReactNode }) => ReactNode;
  /** Moves virtual time inside act, so React sees the updates it causes. */
  advance(ms: number): Promise<void>;
  /** Runs engine input inside act and lets the adapter's answer settle. */
  run<T>(work: () => T): Promise<T>;
  commands(name?: string): string[];
}

let ids = 0;

export function harness(options: {
  strict?: boolean;
  desk?: boolean;
  /** Not aligned to a whole second, so tests see ticks aligned to the call rather than to the clock. */
  start?: number;
  capabilities?: Partial<AdapterCapabilities>;
  preferences?: Partial<MediaPreferences>;
} = {}): Harness {
  const clock = createVirtualClock(options.start ?? 1_700_000_000_321);
  const adapter = createLoopbackAdapter({
    clock, latencyMs: 10,
    capabilities: { ...(options.desk ? { recording: true, transferTargets: ['agent', 'queue', 'external'] } : {}), ...options.capabilities },
  });
  const desk = options.desk ? createAgentDesk(deskConfig) : undefined;
  const engine = createCallEngine({
    adapter, clock, createId: () => `call-${++ids}`,
    ...(desk ? { extension: desk } : {}),
    ...(options.preferences ? { preferences: options.preferences } : {}),
  });
  if (desk) engine.send({ type: 'setDuty', onDuty: true });
  const provided = ({ children }: { children: ReactNode }) => (
    <RinglineProvider engine={engine} desk={desk} scheduler={clock.scheduler}>{children}</RinglineProvider>
  );
  const wrapper = options.strict ? ({ children }: { children: ReactNode }) => <StrictMode>{provided({ children })}</StrictMode> : provided;
  return {
    clock, adapter, engine, desk, wrapper,
    advance: (ms) => act(() => clock.tick(ms)),
    async run(work) {
      let result!: ReturnType<typeof work>;
      await act(async () => {
        result = work();
        await clock.tick(20);
      });
      return result;
    },
    commands: (name) => adapter.log.filter((entry) => name === undefined || entry.name === name).map((entry) => `${entry.name}:${entry.callId}`),
  };
}

/** Dials out and lets the far side answer; resolves with the connected call's id. */
export async function connectedCall(h: Harness, media: 'audio' | 'video' = 'video'): Promise<string> {
  const { callId } = await h.run(() => h.engine.placeCall({ name: 'Client' }, media));
  await h.run(() => h.adapter.remote.answer(callId));
  const phase = h.engine.getSnapshot().calls.find((call) => call.id === callId)?.phase;
  if (phase !== 'connected') throw new Error(`expected ${callId} connected, it is ${phase}`);
  return callId;
}

export const modes = [{ strict: false, name: 'plain' }, { strict: true, name: 'StrictMode' }] as const;

/** A storage port in memory that keeps every value written, in order. */
export function memoryStorage(initial: Record<string, string> = {}): PreferenceStorage & { writes: string[] } {
  const items = new Map(Object.entries(initial));
  const writes: string[] = [];
  return {
    writes,
    getItem: (key) => items.get(key) ?? null,
    setItem(key, value) {
      writes.push(value);
      items.set(key, value);
    },
  };
}
