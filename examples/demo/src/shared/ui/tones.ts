// The ringtone, ringback and the drop sound, synthesized with Web Audio so the
// demo ships no audio files. Driven by the engine's `tone` and `sound` outputs.
import type { CallEngine } from '@ringline/core';

const patterns = {
  // Two short bursts, then silence: a classic ring.
  ringtone: { frequencies: [440, 480], onMs: [400, 200, 400], cycleMs: 3_000, gain: 0.12 },
  ringback: { frequencies: [440, 480], onMs: [2_000], cycleMs: 6_000, gain: 0.06 },
} as const;

export function playTones(engine: CallEngine): () => void {
  let context: AudioContext | undefined;
  let stopCurrent: (() => void) | undefined;
  const audio = () => (context ??= new AudioContext());

  function beep(at: number, ms: number, frequencies: readonly number[], gain: number): void {
    const ctx = audio();
    const volume = ctx.createGain();
    volume.gain.setValueAtTime(0, at);
    volume.gain.linearRampToValueAtTime(gain, at + 0.02);
    volume.gain.setValueAtTime(gain, at + ms / 1000 - 0.02);
    volume.gain.linearRampToValueAtTime(0, at + ms / 1000);
    volume.connect(ctx.destination);
    for (const frequency of frequencies) {
      const oscillator = ctx.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(volume);
      oscillator.start(at);
      oscillator.stop(at + ms / 1000);
    }
  }

  function start(tone: keyof typeof patterns): () => void {
    const pattern = patterns[tone];
    const cycle = () => {
      const ctx = audio();
      let at = ctx.currentTime + 0.05;
      pattern.onMs.forEach((ms, index) => {
        if (index % 2 === 0) beep(at, ms, pattern.frequencies, pattern.gain);
        at += ms / 1000;
      });
    };
    cycle();
    const timer = setInterval(cycle, pattern.cycleMs);
    return () => clearInterval(timer);
  }

  const offTone = engine.on('tone', (output) => {
    stopCurrent?.();
    stopCurrent = undefined;
    try {
      if (output.action === 'start') stopCurrent = start(output.tone);
    } catch {
      // No audio output (autoplay policy before a click): the screen still shows the call.
    }
  });
  const offSound = engine.on('sound', () => {
    try {
      const ctx = audio();
      beep(ctx.currentTime + 0.02, 180, [620], 0.1);
      beep(ctx.currentTime + 0.26, 260, [420], 0.1);
    } catch {
      // as above
    }
  });
  return () => {
    stopCurrent?.();
    offTone();
    offSound();
    void context?.close();
  };
}
