// The XState v5 equivalent of one Ringline call, for comparison: idle until
// the offer arrives, ringing with a 30 s deadline, connecting, connected with
// a hold sub-state (off / holding / on / resuming), ended. Mute is context.
import { assign, setup } from 'xstate';

export type XCallEvent =
  | { type: 'incoming'; callId: string; remote: { name?: string }; media: 'audio' | 'video' }
  | { type: 'accept'; callId: string }
  | { type: 'decline'; callId: string }
  | { type: 'mediaConnected'; callId: string }
  | { type: 'setMuted'; callId: string; muted: boolean }
  | { type: 'hold'; callId: string }
  | { type: 'resume'; callId: string }
  | { type: 'commandSucceeded'; command: { name: 'hold' | 'resume'; callId: string } }
  | { type: 'hangUp'; callId: string };

export interface XCallContext {
  muted: boolean;
}

export const ringTimeoutMs = 30_000;

export const callMachine = setup({
  types: {
    context: {} as XCallContext,
    events: {} as XCallEvent,
  },
  actions: {
    setMuted: assign({ muted: ({ context, event }) => (event.type === 'setMuted' ? event.muted : context.muted) }),
  },
  guards: {
    holdSucceeded: ({ event }) => event.type === 'commandSucceeded' && event.command.name === 'hold',
    resumeSucceeded: ({ event }) => event.type === 'commandSucceeded' && event.command.name === 'resume',
  },
}).createMachine({
  id: 'call',
  context: { muted: false },
  initial: 'idle',
  states: {
    idle: {
      on: { incoming: 'ringing' },
    },
    ringing: {
      after: { [ringTimeoutMs]: 'ended' },
      on: { accept: 'connecting', decline: 'ended', hangUp: 'ended' },
    },
    connecting: {
      on: { mediaConnected: 'connected', setMuted: { actions: 'setMuted' }, hangUp: 'ended' },
    },
    connected: {
      initial: 'off',
      on: { setMuted: { actions: 'setMuted' }, hangUp: 'ended' },
      states: {
        off: { on: { hold: 'holding' } },
        holding: {
          on: {
            commandSucceeded: { guard: 'holdSucceeded', target: 'on' },
          },
        },
        on: { on: { resume: 'resuming' } },
        resuming: {
          on: {
            commandSucceeded: { guard: 'resumeSucceeded', target: 'off' },
          },
        },
      },
    },
    ended: { type: 'final' },
  },
});
