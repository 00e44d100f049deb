// What the held party hears: the hold music or announcement the engine chose
// (per queue, 003), sent as the outbound audio track while the hold lasts.
import { RinglineError } from '@ringline/core';

export interface HoldAudio {
  kind: string;
  url: string;
}

export interface HoldTrack {
  track: MediaStreamTrack;
  stop(): void;
}

/** Makes a track that plays `audio`; the adapter sends it in place of the microphone. */
export type HoldTrackFactory = (audio: HoldAudio) => Promise<HoldTrack>;

/**
 * Browser default: the URL plays through Web Audio into a MediaStream
 * destination (captureStream is missing in Safari). Music loops; an
 * announcement plays once. The URL must be same-origin or CORS-enabled.
 */
export const createWebAudioHoldTrack: HoldTrackFactory = async (audio) => {
  const context = new AudioContext();
  const element = new Audio();
  let track: MediaStreamTrack | undefined;
  const release = () => {
    element.pause();
    element.removeAttribute('src');
    track?.stop();
    void context.close();
  };
  try {
    element.crossOrigin = 'anonymous';
    element.loop = audio.kind === 'music';
    element.src = audio.url;
    const source = context.createMediaElementSource(element);
    const destination = context.createMediaStreamDestination();
    source.connect(destination);
    [track] = destination.stream.getAudioTracks();
    if (!track) throw new Error('Web Audio produced no track');
    await context.resume();
    await element.play();
    return { track, stop: release };
  } catch (thrown) {
    // A missing file, a CORS refusal or an autoplay block: every hold would otherwise leave an audio context running.
    release();
    throw new RinglineError('commandFailed', `The hold ${audio.kind} ${audio.url} could not play (${String((thrown as Error)?.message ?? thrown)}); it must be reachable, and same-origin or CORS-enabled`, { cause: thrown });
  }
};
