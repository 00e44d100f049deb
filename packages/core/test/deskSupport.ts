import { createAgentDesk, type DeskConfigInput, type DirectoryAgent, type EngineInput, type EngineState, reduceWithDesk, type Transition } from '../src/index.js';
import type { VirtualClock } from '../src/testing/index.js';
import { harness, type Harness } from './support.js';

export const deskConfig: DeskConfigInput = {
  agent: { id: 'agent-ann', name: 'Ann', queues: ['support', 'sales'] },
  fromNumbers: ['+14155550100', '+14155550101'],
  queues: {
    support: { name: 'Customer support', autoAssign: true, holdAudio: { kind: 'music', url: 'https://cdn.example/hold/support.mp3' } },
    sales: { name: 'Sales', autoAssign: false, holdAudio: { kind: 'announcement', url: 'https://cdn.example/hold/sales.mp3' } },
    billing: { name: 'Billing', autoAssign: true },
  },
  wrapUp: { durationMs: 30_000, allowTenSeconds: true, allowMoreTime: false },
  transfer: { external: 'contactsOnly', noAnswerMs: 20_000 },
};

export interface DeskHarness extends Harness {
  desk: ReturnType<typeof createAgentDesk>;
}

/** An agent's engine on the loopback adapter with transfers and recording, on duty unless told otherwise. */
export function deskHarness(options: { config?: Partial<DeskConfigInput>; onDuty?: boolean; lookupContact?: DeskConfigInput['lookupContact']; clock?: VirtualClock } = {}): DeskHarness {
  const desk = createAgentDesk({ ...deskConfig, ...options.config, ...(options.lookupContact ? { lookupContact: options.lookupContact } : {}) });
  const h = harness({
    loopback: { capabilities: { recording: true, transferTargets: ['agent', 'queue', 'external'] } },
    engine: { extension: desk },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  if (options.onDuty !== false) h.engine.send({ type: 'setDuty', onDuty: true });
  return { ...h, desk };
}

/** A desk on a connected call `c1` from the support queue, with Bob of the same queue available to transfer to. */
export async function deskOnCallWithBob(): Promise<DeskHarness> {
  const h = deskHarness();
  h.engine.send({ type: 'directoryUpdated', agents: [{ id: 'agent-bob', name: 'Bob', queues: ['support'], presence: 'available' }] });
  h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, queue: 'support' });
  await h.clock.tick(1_000);
  h.engine.accept('c1');
  await h.clock.tick(10);
  return h;
}

/** What the desk's pure reducer takes besides inputs: a timer's firing, as the runtime sends it. */
export type DeskStep = EngineInput | { type: 'timerFired'; timer: string; callId: string; deadline: number };

/**
 * The desk's pure reducer driven step by step, each input at the time given,
 * on a connected call `c1` from the support queue (offered at 0, accepted at
 * 1 s, media at 1.1 s) with `agents` in the directory.
 */
export function deskReducerOnCall(agents: DirectoryAgent[], config: Partial<DeskConfigInput> = {}): { step(event: DeskStep, at: number): Transition; state(): EngineState } {
  const desk = createAgentDesk({ ...deskConfig, ...config });
  const base = harness().engine;
  const engineConfig = { ...base.config, capabilities: { ...base.config.capabilities, recording: true, transferTargets: ['agent' as const] } };
  let state = desk.initialState(base.getSnapshot());
  const step = (event: DeskStep, at: number) => {
    const result = reduceWithDesk(state, { ...event, at } as never, engineConfig, desk.config);
    state = result.state;
    return result;
  };
  step({ type: 'setDuty', onDuty: true }, 0);
  step({ type: 'directoryUpdated', agents }, 0);
  step({ type: 'offer', callId: 'c1', remote: { number: '+14155550142' }, media: 'audio', queue: 'support' }, 0);
  step({ type: 'accept', callId: 'c1' }, 1_000);
  step({ type: 'mediaConnected', callId: 'c1' }, 1_100);
  return { step, state: () => state };
}
