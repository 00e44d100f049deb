// The demo backend when parties leave, race or act out of turn: a desk tab
// closing while only it is rung, a transfer still ringing when its call ends
// or the visitor's page goes, a transfer that went through, a claim taken
// back, and call ids or callbacks a client names for someone else's call.
import { describe, expect, it } from 'vitest';
import { setUp } from './backendSupport.js';

/** ann has the visitor's hand-off; bob is on duty too. */
function annOnCall() {
  const world = setUp();
  world.agent('ann');
  world.agent('bob', 'away');
  const leaveVisitor = world.visitor('v1');
  world.handOff('v1');
  const callId = world.of(world.agents.ann!, 'offer')[0]!.callId;
  expect(world.backend.handle({ type: 'claimOffer', agentId: 'ann', callId, tab: 't1' })).toMatchObject({ claimed: true });
  world.backend.handle({ type: 'assistantDone', visitorId: 'v1' });
  world.backend.handle({ type: 'agentStatus', agentId: 'bob', onDuty: true, availability: 'available' });
  return { ...world, callId, leaveVisitor };
}

/** A hand-off rings ann and bob; ann's claim wins. */
function annWinsOverBob() {
  const world = setUp();
  world.agent('ann');
  world.agent('bob');
  world.visitor('v1');
  world.handOff('v1');
  const callId = world.of(world.agents.ann!, 'offer')[0]!.callId;
  expect(world.backend.handle({ type: 'claimOffer', agentId: 'ann', callId, tab: 't1' })).toMatchObject({ claimed: true });
  return { ...world, callId };
}

function transferToBob(world: ReturnType<typeof annOnCall>, transferId = 'x1') {
  expect(world.backend.handle({ type: 'transfer', agentId: 'ann', callId: world.callId, transferId, target: { kind: 'agent', agentId: 'bob' } })).toEqual({ ok: true });
  return world.of(world.agents.bob!, 'offer').at(-1)!.callId;
}

describe('demo backend: parties leaving and racing', () => {
  it('a desk tab that closes while a hand-off rings only it tells the visitor nobody can take it', () => {
    const { agent, leaveAgent, visitor, of, agents, visitors, handOff } = setUp();
    agent('ann');
    visitor('v1');
    handOff('v1');
    expect(of(agents.ann!, 'offer')).toHaveLength(1);
    leaveAgent.ann!();
    expect(of(visitors.v1!, 'assistantState').some((event) => event.state === 'noOneOnDuty')).toBe(true);
  });

  it('a transfer still ringing goes when the transferring agent ends the call', () => {
    const world = annOnCall();
    const transferred = transferToBob(world);
    world.backend.handle({ type: 'callEnded', agentId: 'ann', callId: world.callId, reason: 'remoteHangup', durationMs: 3_000, media: 'audio' });
    expect(world.of(world.agents.bob!, 'offerGone').map((event) => event.callId)).toContain(transferred);
    expect(world.backend.handle({ type: 'claimOffer', agentId: 'bob', callId: transferred, tab: 'tb' })).toMatchObject({ claimed: false });
  });

  it('a transfer still ringing goes when the visitor\'s page goes away', () => {
    const world = annOnCall();
    const transferred = transferToBob(world);
    world.leaveVisitor();
    expect(world.backend.handle({ type: 'claimOffer', agentId: 'bob', callId: transferred, tab: 'tb' })).toMatchObject({ claimed: false });
  });

  it('after a transfer went through, the visitor is the new agent\'s: the old one cannot transfer again, and closing their wrap-up leaves the visitor in a call', () => {
    const world = annOnCall();
    const transferred = transferToBob(world);
    expect(world.backend.handle({ type: 'claimOffer', agentId: 'bob', callId: transferred, tab: 'tb' })).toMatchObject({ claimed: true });
    expect(world.backend.handle({ type: 'transfer', agentId: 'ann', callId: world.callId, transferId: 'x2', target: { kind: 'agent', agentId: 'bob' } })).toMatchObject({ ok: false });
    expect(world.of(world.visitors.v1!, 'incomingCall')).toHaveLength(1);
    world.backend.handle({ type: 'callEnded', agentId: 'ann', callId: world.callId, reason: 'transferred', durationMs: 3_000, media: 'audio' });
    expect(world.of(world.agents.bob!, 'visitors').at(-1)!.visitors.find((card) => card.id === 'v1')?.activity).toBe('inCall');
  });

  it('a claim taken back by declineOffer rings the agents who were told it was answered elsewhere', () => {
    const { backend, of, agents, callId } = annWinsOverBob();
    expect(of(agents.bob!, 'offerGone')).toHaveLength(1);
    backend.handle({ type: 'declineOffer', agentId: 'ann', callId, tab: 't1' });
    expect(of(agents.bob!, 'offer').map((offer) => offer.callId)).toEqual([callId, callId]);
    expect(backend.handle({ type: 'claimOffer', agentId: 'bob', callId, tab: 'tb' })).toMatchObject({ claimed: true });
  });
});

describe('demo backend: call ids and callbacks named for someone else', () => {
  it('a Recall naming another visitor\'s live call, or a call link\'s room, gets no token and takes nothing over', () => {
    const world = annOnCall();
    world.visitor('mallory');
    for (const callId of [world.callId, 'link-AbCdEfGh12345678']) {
      const result = world.backend.handle({ type: 'recall', visitorId: 'mallory', callId, agentId: 'bob', media: 'audio' });
      expect(result).toMatchObject({ ok: false });
      expect(result).not.toHaveProperty('token');
    }
    world.backend.handle({ type: 'callEnded', agentId: 'ann', callId: world.callId, reason: 'hangup', durationMs: 5_000, media: 'audio' });
    expect(world.of(world.agents.ann!, 'history').at(-1)?.calls.map((call) => call.callId)).toContain(world.callId);
  });

  it('an agent who lost the claim gets no token for the winner\'s room', () => {
    const { backend, callId } = annWinsOverBob();
    expect(backend.handle({ type: 'roomToken', party: { role: 'agent', id: 'bob' }, callId })).toMatchObject({ ok: false });
  });

  it('dialVisitor needs a signed-in agent and a new call id', () => {
    const world = annOnCall();
    const number = world.of(world.visitors.v1!, 'welcome')[0]!.number;
    const before = world.of(world.visitors.v1!, 'incomingCall').length;
    expect(world.backend.handle({ type: 'dialVisitor', agentId: 'mallory', callId: 'c1', number, media: 'audio' })).toMatchObject({ ok: false });
    expect(world.backend.handle({ type: 'dialVisitor', agentId: 'bob', callId: world.callId, number, media: 'audio' })).toMatchObject({ ok: false });
    expect(world.of(world.visitors.v1!, 'incomingCall')).toHaveLength(before);
    expect(world.backend.handle({ type: 'transfer', agentId: 'ann', callId: world.callId, transferId: 'x1', target: { kind: 'queue', queue: 'support' } })).toEqual({ ok: true });
  });

  it('an agent takes a shared callback for themselves, never for another agent', () => {
    const { backend, agent, visitor, of, agents, handOff } = setUp();
    agent('ann', 'away');
    visitor('v1');
    handOff('v1');
    backend.handle({ type: 'requestCallback', visitorId: 'v1', number: '+14155550199' });
    const id = of(agents.ann!, 'callbacks').at(-1)!.callbacks[0]!.id;
    expect(backend.handle({ type: 'callbackStatus', agentId: 'ann', callbackId: id, status: 'assigned', assignee: 'nobody', attempts: 0 })).toMatchObject({ ok: false });
    expect(backend.handle({ type: 'callbackStatus', agentId: 'ann', callbackId: id, status: 'assigned', assignee: 'ann', attempts: 0 })).toMatchObject({ ok: true });
  });
});
