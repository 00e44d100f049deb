// Hold music that cannot play (a 404, a CORS refusal, autoplay blocked):
// the factory releases what it made and says which file, as a typed error.
import { isRinglineError } from '@ringline/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebAudioHoldTrack } from '../src/media/holdAudio.js';

function fakes(play: () => Promise<void>, tracks = 1) {
  const released = { contexts: 0, tracks: 0, paused: 0 };
  class FakeAudioContext {
    createMediaElementSource() { return { connect: () => undefined }; }
    createMediaStreamDestination() {
      return { stream: { getAudioTracks: () => Array.from({ length: tracks }, () => ({ stop: () => void released.tracks++ })) } };
    }
    resume() { return Promise.resolve(); }
    close() { released.contexts++; return Promise.resolve(); }
  }
  class FakeAudio {
    crossOrigin = ''; loop = false; src = '';
    play() { return play(); }
    pause() { released.paused++; }
    removeAttribute() {}
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('Audio', FakeAudio);
  return released;
}

afterEach(() => vi.unstubAllGlobals());

describe('createWebAudioHoldTrack when the hold audio cannot play', () => {
  const url = 'https://cdn.example/queue-music-404.mp3';

  it('play() refused: the audio context is closed, the track stopped, and the error is typed and names the file', async () => {
    const released = fakes(() => Promise.reject(new DOMException('The element has no supported sources.', 'NotSupportedError')));
    const error = await createWebAudioHoldTrack({ kind: 'music', url }).catch((thrown: unknown) => thrown);
    expect(isRinglineError(error) && error.code).toBe('commandFailed');
    expect((error as Error).message).toContain(url);
    expect(released).toEqual({ contexts: 1, tracks: 1, paused: 1 });
  });

  it('no track from Web Audio: the context is closed too', async () => {
    const released = fakes(() => Promise.resolve(), 0);
    const error = await createWebAudioHoldTrack({ kind: 'announcement', url }).catch((thrown: unknown) => thrown);
    expect(isRinglineError(error) && error.code).toBe('commandFailed');
    expect(released.contexts).toBe(1);
  });

  it('playing: nothing is released until stop, then everything once', async () => {
    const released = fakes(() => Promise.resolve());
    const made = await createWebAudioHoldTrack({ kind: 'music', url });
    expect(released).toEqual({ contexts: 0, tracks: 0, paused: 0 });
    made.stop();
    expect(released).toEqual({ contexts: 1, tracks: 1, paused: 1 });
  });
});
