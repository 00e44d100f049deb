import { createCallEngine, type CallEngine, type CreateCallEngineOptions, type EngineOutput } from '../src/index.js';
import { createLoopbackAdapter, createVirtualClock, type LoopbackAdapter, type LoopbackOptions, type VirtualClock } from '../src/testing/index.js';

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
  options: { loopback?: Omit<LoopbackOptions, 'clock'>; engine?: Partial<Omit<CreateCallEngineOptions, 'adapter' | 'clock'>>; start?: number } = {},
): Harness {
  const clock = createVirtualClock(options.start ?? 1_700_000_000_000);
  const adapter = createLoopbackAdapter({ clock, latencyMs: 10, ...options.loopback });
  const engine = createCallEngine({ adapter, clock, createId: () => `call-${++ids}`, ...options.engine });
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
