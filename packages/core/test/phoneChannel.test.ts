// A regular phone call (channel 'phone') never runs the camera (003): an offer
// or an outbound call asked for as video rings and connects as audio, since
// agentCallControls hides the camera on such a call.
import { describe, expect, it } from 'vitest';
import { agentCallControls, getCall, type EngineInput } from '../src/index.js';
import { deskHarness } from './deskSupport.js';

describe('phone calls never run the camera', () => {
  it('an offer from the phone network marked video is answered without the camera', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, media: 'video', queue: 'support', channel: 'phone' } as Parameters<typeof h.adapter.remote.offer>[0]);
    expect(h.engine.accept('c1').ok).toBe(true);
    await h.clock.tick(50);
    const state = h.engine.getSnapshot();
    expect(getCall(state, 'c1')?.phase).toBe('connected');
    expect(agentCallControls(state, h.engine.config, 'c1')?.camera.visible).toBe(false);
    // Before the fix: 'on' — the camera runs on a PSTN call, with its control hidden.
    expect(getCall(state, 'c1')?.local.camera).toBe('off');
  });

  it('an outbound phone call asked for as video is refused or placed without the camera', () => {
    const h = deskHarness();
    const result = h.engine.send({
      type: 'startOutbound', callId: 'o1', from: '+14155550100', to: { number: '+14155550142' }, queue: 'support', media: 'video', channel: 'phone',
    } as EngineInput);
    const call = getCall(h.engine.getSnapshot(), 'o1');
    // Before the fix: ok, and the call is dialled as video with the camera on.
    expect(result.ok ? call?.local.camera : 'refused').not.toBe('on');
  });
});
