import { createCallEngine, type CallEngine, type CreateCallEngineOptions, type EngineOutput } from '../src/index.js';
import { createLoopbackAdapter, createVirtualClock, type LoopbackAdapter, type LoopbackOptions, type VirtualClock } from '../src/testing/index.js';

/** Dials out and lets the far side answer: the call is connected when this resolves. */
export async function connectedOutbound(h: Harness, media: 'audio' | 'video' = 'video'): Promise<string> {
  const { callId } = h.engine.placeCall({ name: 'Client' }, media);
  await h.clock.tick(10);
  h.adapter.remote.answer(callId);
  await h.clock.tick(10);
  const call = h.engine.getSnapshot().calls.find((c) => c.id === callId);
  if (call?.phase !== 'connected') throw new Error(`expected ${callId} connected, it is ${call?.phase}`);
  return callId;
}

export interface Harness {
  clock: VirtualClock;
  adapter: LoopbackAdapter;
  engine: CallEngine;
  outputs: EngineOutput[];
  /** The tone the engine currently asks to play, from its start/stop outputs. */
  tone(): string | undefined;
  timelineKinds(callId?: string): string[];
}

let ids = 0;

export function harness(
  options: {
    loopback?: Omit<LoopbackOptions, 'clock'>;
    engine?: Partial<Omit<CreateCallEngineOptions, 'adapter' | 'clock'>>;
    start?: number;
    /** Several engines on one clock share its timer alarm. */
    clock?: VirtualClock;
  } = {},
): Harness {
  const clock = options.clock ?? createVirtualClock(options.start ?? 1_700_000_000_000);
  const adapter = createLoopbackAdapter({ clock, latencyMs: 10, ...options.loopback });
  const engine = createCallEngine({ adapter, clock, createId: () => `call-${++ids}`, timelineLimit: 100, ...options.engine });
  const outputs: EngineOutput[] = [];
  engine.events$.subscribe((output) => outputs.push(output));
  return {
    clock,
    adapter,
    engine,
    outputs,
    tone() {
      let tone: string | undefined;
      for (const output of outputs) if (output.type === 'tone') tone = output.action === 'start' ? output.tone : undefined;
      return tone;
    },
    timelineKinds(callId) {
      return engine.getTimeline().filter((entry) => callId === undefined || entry.callId === callId).map((entry) => entry.kind);
    },
  };
}
