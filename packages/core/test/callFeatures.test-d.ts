// Types of the callback, hand-off, call link, takeover, forwarding and diagnostics API.
import { describe, expectTypeOf, it } from 'vitest';
import {
  callbackList, callLinkAvailability, collectDiagnostics, forwardingStatus, takeoverScreen,
  type Call, type CallbackStatus, type CallEngine, type CallLinkIssueRequest, type DeskAdapter, type EngineState,
} from '../src/index.js';
import { createCallLinks, type CallLinkErrorCode, type CallLinkPayload, type VerifiedCallLink } from '../src/links/index.js';

describe('call features: public types', () => {
  it('callback and link inputs are typed', () => {
    const engine = {} as CallEngine;
    engine.send({ type: 'callbackRequested', callbackId: 'cb', customer: { number: '+14155550100' }, mode: 'automated' });
    // @ts-expect-error a callback mode is automated or manual
    engine.send({ type: 'callbackRequested', callbackId: 'cb', customer: { number: '+14155550100' }, mode: 'sometimes' });
    engine.send({ type: 'createCallLink', target: { guestName: 'Grace' } });
    // @ts-expect-error a link is for a guest or a conversation
    engine.send({ type: 'createCallLink', target: {} });
    engine.send({ type: 'setForwardingNumber', callId: 'c', number: '+14155550100' });
    expectTypeOf(callbackList({} as EngineState, {} as never, 0)[0]!.callback.status).toEqualTypeOf<CallbackStatus>();
    expectTypeOf(callLinkAvailability({} as EngineState, undefined)).toHaveProperty('available');
  });

  it('the claim and link ports, and the server-side link API', () => {
    expectTypeOf<NonNullable<DeskAdapter['claimHandoff']>>().returns.toEqualTypeOf<Promise<boolean>>();
    const links = createCallLinks({ secret: 'x'.repeat(32), baseUrl: 'https://calls.example/join' });
    expectTypeOf(links.verify('t')).resolves.toEqualTypeOf<VerifiedCallLink>();
    const result = {} as VerifiedCallLink;
    if (result.ok) expectTypeOf(result.payload).toEqualTypeOf<CallLinkPayload>();
    else expectTypeOf(result.error.code).toEqualTypeOf<CallLinkErrorCode>();
    // The desk's request is what the server issues from.
    expectTypeOf<CallLinkIssueRequest>().toMatchTypeOf<Parameters<typeof links.issue>[0]>();
  });

  it('visitor-side selectors and diagnostics', () => {
    expectTypeOf(takeoverScreen({} as Call, 0)).toEqualTypeOf<{ status: 'offered' | 'accepting'; agent: Call['remote']; remainingMs: number } | undefined>();
    expectTypeOf(forwardingStatus({} as Call)).toMatchTypeOf<{ stage: string; dialPad: boolean } | undefined>();
    expectTypeOf(collectDiagnostics({ state: {} as EngineState, now: 0 })).toEqualTypeOf<Record<string, unknown>>();
  });
});
