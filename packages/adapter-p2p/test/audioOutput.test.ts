// The speaker choice where the browser has no setSinkId (Safari, or Node):
// the system default is what plays anyway, so choosing it succeeds; only a
// specific speaker is refused.
import { describe, expect, it } from 'vitest';
import { createElementAudioOutput } from '../src/media/audioOutput.js';

describe('the element audio output without setSinkId', () => {
  it('accepts the system default and refuses a specific speaker as unsupported', async () => {
    const output = createElementAudioOutput();
    expect(output.canChooseSpeaker).toBe(false);
    await expect(output.setSpeaker(undefined)).resolves.toBeUndefined();
    await expect(output.setSpeaker('headset')).rejects.toMatchObject({ name: 'RinglineError', code: 'unsupported' });
  });
});
