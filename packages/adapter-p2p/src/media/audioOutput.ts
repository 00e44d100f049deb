// Where the far side's audio plays. In a browser the adapter owns one hidden
// <audio> element per call, so volume and the speaker choice (setSinkId,
// where the browser has it) apply to every call without the UI's help; the UI
// renders video muted.
import { RinglineError, type CallId } from '@ringline/core';

export interface AudioOutput {
  play(callId: CallId, stream: MediaStream): void;
  stop(callId: CallId): void;
  setVolume(volume: number): void;
  /** Undefined is the system default. A specific speaker is refused where the browser cannot choose one. */
  setSpeaker(deviceId: string | undefined): Promise<void>;
  readonly canChooseSpeaker: boolean;
}

type SinkElement = HTMLAudioElement & { setSinkId?(id: string): Promise<void> };

export function createElementAudioOutput(): AudioOutput {
  const elements = new Map<CallId, SinkElement>();
  let volume = 1;
  let speaker: string | undefined;
  const canChooseSpeaker = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  const route = (element: SinkElement) => element.setSinkId?.(speaker ?? '') ?? Promise.resolve();

  return {
    canChooseSpeaker,
    play(callId, stream) {
      let element = elements.get(callId);
      if (!element) {
        element = new Audio() as SinkElement;
        element.autoplay = true;
        elements.set(callId, element);
      }
      element.volume = volume;
      element.srcObject = stream;
      void route(element).catch(() => undefined);
      void element.play().catch(() => undefined); // autoplay policy: the accept click normally allows it
    },
    stop(callId) {
      const element = elements.get(callId);
      if (!element) return;
      element.pause();
      element.srcObject = null;
      elements.delete(callId);
    },
    setVolume(next) {
      volume = next;
      for (const element of elements.values()) element.volume = next;
    },
    async setSpeaker(deviceId) {
      if (!canChooseSpeaker && deviceId === undefined) return; // the default is the only speaker it plays on
      if (!canChooseSpeaker) throw new RinglineError('unsupported', 'This browser cannot choose the speaker (no setSinkId)');
      const previous = speaker;
      speaker = deviceId;
      try {
        await Promise.all([...elements.values()].map(route));
      } catch (thrown) {
        speaker = previous;
        throw new RinglineError('deviceUnavailable', `The speaker could not be selected: ${String((thrown as Error)?.message ?? thrown)}`, { cause: thrown });
      }
    },
  };
}

/** For Node, or a UI that plays remote audio itself from `adapter.streams$`. */
export function createSilentAudioOutput(): AudioOutput {
  return {
    canChooseSpeaker: true,
    play: () => undefined,
    stop: () => undefined,
    setVolume: () => undefined,
    setSpeaker: () => Promise.resolve(),
  };
}
