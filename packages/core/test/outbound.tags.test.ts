// startOutbound checks tags as the desk's parser does for the backend's
// conversations (1-256 characters each): anything else is invalidInput and
// nothing is dialled.
import { describe, expect, it } from 'vitest';
import { conversation, type EngineInput } from '../src/index.js';
import { deskHarness } from './deskSupport.js';

const outbound = (tags: unknown) =>
  ({ type: 'startOutbound', callId: 'out-1', from: '+14155550100', to: { number: '+14155550142' }, queue: 'support', tags }) as EngineInput;

describe('startOutbound tags', () => {
  it.each([
    ['a non-text tag', [42, 'vip']],
    ['an empty tag', ['']],
    ['a tag of 5000 characters', ['x'.repeat(5_000)]],
  ])('%s is refused as invalidInput and nothing is dialled', (_, tags) => {
    const h = deskHarness();
    const before = h.engine.getSnapshot();
    const result = h.engine.send(outbound(tags));
    // Before the fix: ok, the call is dialled and the conversation keeps what it was given (or silently loses the tag).
    expect(result.ok ? 'ok' : result.error.code).toBe('invalidInput');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('the same tags from the backend are refused by the desk parser (control)', () => {
    const h = deskHarness();
    const loaded = { id: 'conv-x', customer: { number: '+14155550142' }, assignee: null, status: 'open', tags: [''], pending: 0, timeline: [] };
    const result = h.engine.send({ type: 'conversationsLoaded', conversations: [loaded] } as EngineInput);
    expect(result.ok).toBe(false);
    expect(conversation(h.engine.getSnapshot(), 'conv-x')).toBeUndefined();
  });
});
