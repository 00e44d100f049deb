// 003's callbacks step by step on an agent's engine: statuses, the
// conversation timeline with times, automated attempts that ring the agent
// and dial on answer with retries by policy, and manual callbacks taken from
// the list.
import { describe, expect, it } from 'vitest';
import {
  agentAvailability, agentCallControls, callbackList, conversation, createAgentDesk, getCall, offerCards, wrapUpView,
  type Callback, type DeskEffect, type EngineInput, type EngineState, type SendResult,
} from '../src/index.js';
import { finishedCallbacksKept } from '../src/desk/callbacks.js';
import { createVirtualClock } from '../src/testing/index.js';
import { deskConfig, deskHarness, type DeskHarness } from './deskSupport.js';
import { harness } from './support.js';

const CUSTOMER = '+14155550142';
const FROM = '+14155550100';
const policy = { maxAttempts: 3, retryDelaysMs: [60_000, 300_000], agentRingMs: 20_000, customerNoAnswerMs: 25_000 };

const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const callbackOf = (h: DeskHarness, id = 'cb-1'): Callback | undefined => h.engine.getSnapshot().desk?.callbacks.find((callback) => callback.id === id);
const request = (mode: 'automated' | 'manual', callbackId = 'cb-1', number = CUSTOMER): EngineInput =>
  ({ type: 'callbackRequested', callbackId, customer: { name: 'Jane Roe', number }, mode, queue: 'support' }) as EngineInput;
const timeline = (h: DeskHarness, conversationId = 'conv-cb-1') =>
  (conversation(h.engine.getSnapshot(), conversationId)?.timeline ?? []).filter((event) => event.kind.startsWith('callback')).map(({ at, kind, detail }) => ({ at, kind, detail }));
const deskActions = (h: DeskHarness, action: DeskEffect['action']) => h.outputs.filter((output): output is DeskEffect => output.type === 'desk' && output.action === action);

function automated(): DeskHarness {
  return deskHarness({ config: { callbacks: policy } });
}

describe('003 — automated callbacks', () => {
  it('assigned automatically, rings the agent, dials the customer on answer; no reply is retried by policy with nothing for the agent to do', async () => {
    const h = automated();
    const t0 = h.clock.now();
    expect(code(h.engine.send(request('automated')))).toBe('ok');

    // Assigned to the agent without anyone picking it, and ringing at once: the agent is free.
    expect(callbackOf(h)).toMatchObject({ status: 'active', assignee: 'agent-ann', attempts: 0, callId: 'cb-1/1' });
    expect(getCall(h.engine.getSnapshot(), 'cb-1/1')).toMatchObject({ phase: 'ringing', direction: 'inbound', remote: { name: 'Jane Roe', number: CUSTOMER } });
    expect(offerCards(h.engine.getSnapshot(), h.desk.config, h.clock.now())).toMatchObject([{ callId: 'cb-1/1', kind: 'callback', callbackId: 'cb-1', number: CUSTOMER }]);
    expect(h.tone()).toBe('ringtone');

    // A second request while this one is pending is logged, not queued again.
    await h.clock.tick(1_000);
    expect(code(h.engine.send(request('automated', 'cb-2')))).toBe('ok');
    expect(h.engine.getSnapshot().desk?.callbacks.map((callback) => callback.id)).toEqual(['cb-1']);

    expect(code(h.engine.accept('cb-1/1'))).toBe('ok');
    expect(deskActions(h, 'dialCallback')).toEqual([{ type: 'desk', action: 'dialCallback', callId: 'cb-1/1', callbackId: 'cb-1', number: CUSTOMER }]);
    expect(callbackOf(h)).toMatchObject({ status: 'active', attempts: 1, answerDeadline: t0 + 1_000 + 25_000 });
    await h.clock.tick(10);
    // The agent's leg is up, the customer's phone rings: not connected yet.
    expect(getCall(h.engine.getSnapshot(), 'cb-1/1')?.phase).toBe('connecting');

    // Nobody picks up: after the customer's answer time the attempt is a no reply, and the next is scheduled.
    await h.clock.tick(25_000);
    const noReplyAt = t0 + 26_000;
    expect(getCall(h.engine.getSnapshot(), 'cb-1/1')).toBeUndefined();
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'cb-1/1', endReason: 'noAnswer' });
    expect(h.engine.getSnapshot().missed).toEqual([]);
    expect(callbackOf(h)).toMatchObject({ status: 'noReply', attempts: 1, retryAt: noReplyAt + 60_000 });
    expect(callbackOf(h)?.callId).toBeUndefined();
    // No wrap-up for an unanswered automated attempt: the agent is free again.
    expect(wrapUpView(h.engine.getSnapshot(), h.desk.config, h.clock.now())).toBeUndefined();
    expect(agentAvailability(h.engine.getSnapshot())).toBe('available');
    expect(h.engine.pendingTimers()).toContainEqual({ timer: 'callbackRetry', callId: 'cb-1', at: noReplyAt + 60_000 });
    expect(callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now())).toMatchObject([{ attemptsLeft: 2, nextAttemptInMs: noReplyAt + 60_000 - h.clock.now(), canStart: false }]);

    // The retry rings on its own when due.
    await h.clock.tick(60_000);
    expect(callbackOf(h)).toMatchObject({ status: 'active', callId: 'cb-1/2', attempts: 1 });
    expect(getCall(h.engine.getSnapshot(), 'cb-1/2')?.phase).toBe('ringing');
    expect(code(h.engine.accept('cb-1/2'))).toBe('ok');
    await h.clock.tick(3_000);
    h.adapter.remote.answer('cb-1/2');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'cb-1/2')?.phase).toBe('connected');
    expect(callbackOf(h)).toMatchObject({ status: 'active', attempts: 2, answered: true });

    // Talk, hang up: wrap-up opens; the callback is done once it ends (003).
    await h.clock.tick(120_000);
    h.engine.hangUp('cb-1/2');
    expect(callbackOf(h)?.status).toBe('active');
    expect(wrapUpView(h.engine.getSnapshot(), h.desk.config, h.clock.now())?.callId).toBe('cb-1/2');
    const doneAt = h.clock.now() + 5_000;
    await h.clock.tick(5_000);
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(callbackOf(h)).toMatchObject({ status: 'done', attempts: 2 });

    const retryAt = noReplyAt + 60_000;
    expect(timeline(h)).toEqual([
      { at: t0, kind: 'callbackRequested', detail: 'automated' },
      { at: t0, kind: 'callbackAssigned', detail: 'agent-ann' },
      { at: t0, kind: 'callbackStarted', detail: 'attempt 1 of 3' },
      { at: t0 + 1_000, kind: 'callbackRequestedAgain', detail: 'cb-2' },
      { at: t0 + 1_000, kind: 'callbackDialing', detail: 'attempt 1 of 3' },
      { at: noReplyAt, kind: 'callbackNoReply', detail: `attempt 1 of 3; next at ${retryAt}` },
      { at: retryAt, kind: 'callbackStarted', detail: 'attempt 2 of 3' },
      { at: retryAt + 10, kind: 'callbackDialing', detail: 'attempt 2 of 3' },
      { at: retryAt + 3_020, kind: 'callbackAnswered', detail: undefined },
      { at: doneAt, kind: 'callbackDone', detail: undefined },
    ]);
    const statuses = h.outputs.flatMap((output) => (output.type === 'desk' && output.action === 'notify' && output.notice.type === 'callbackStatus' ? [output.notice.status] : []));
    expect(statuses).toEqual(['queued', 'assigned', 'active', 'noReply', 'active', 'done']);
  });

  it("a customer who takes longer than the engine's connect timeout to pick up is still reached: the answer deadline governs", async () => {
    const h = deskHarness({ config: { callbacks: { ...policy, customerNoAnswerMs: 90_000 } } });
    h.engine.send(request('automated'));
    h.engine.accept('cb-1/1');
    await h.clock.tick(10);
    expect(h.engine.pendingTimers().map((timer) => timer.timer)).toEqual(['callbackNoAnswer']);
    await h.clock.tick(60_000);
    expect(getCall(h.engine.getSnapshot(), 'cb-1/1')?.phase).toBe('connecting');
    h.adapter.remote.answer('cb-1/1');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'cb-1/1')?.phase).toBe('connected');
    expect(callbackOf(h)).toMatchObject({ status: 'active', answered: true });
  });

  it('retries stop at the policy: the last no reply has no next attempt', async () => {
    const h = deskHarness({ config: { callbacks: { ...policy, maxAttempts: 2 } } });
    h.engine.send(request('automated'));
    for (const attempt of [1, 2]) {
      const callId = `cb-1/${attempt}`;
      expect(code(h.engine.accept(callId))).toBe('ok');
      await h.clock.tick(10);
      h.adapter.remote.hangUp(callId, 'noAnswer');
      await h.clock.tick(0);
      expect(callbackOf(h)).toMatchObject({ status: 'noReply', attempts: attempt });
      await h.clock.tick(60_000);
    }
    expect(callbackOf(h)?.retryAt).toBeUndefined();
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(h.engine.pendingTimers().filter((timer) => timer.timer === 'callbackRetry')).toEqual([]);
    await h.clock.tick(3_600_000);
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(timeline(h).at(-1)?.detail).toBe('attempt 2 of 2; no attempts left');
    // A new request now starts a new callback: the old one is no longer pending.
    h.engine.send(request('automated', 'cb-3'));
    expect(callbackOf(h, 'cb-3')?.status).toBe('active');
  });

  it('a retry that falls due while the agent is on another call rings once the agent is free', async () => {
    const h = automated();
    h.engine.send(request('automated'));
    h.engine.accept('cb-1/1');
    await h.clock.tick(10);
    h.adapter.remote.hangUp('cb-1/1', 'busy');
    await h.clock.tick(0);
    expect(h.engine.getSnapshot().history[0]?.endReason).toBe('busy');
    expect(callbackOf(h)?.status).toBe('noReply');
    h.adapter.remote.offer({ callId: 'c-other', remote: { number: '+14155550199' }, queue: 'support' });
    h.engine.accept('c-other');
    await h.clock.tick(70_000);
    expect(callbackOf(h)?.status).toBe('noReply');
    h.engine.hangUp('c-other');
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    expect(callbackOf(h)).toMatchObject({ status: 'active', callId: 'cb-1/2' });
  });

  it('waiting for its retry, a callback the routing side gives another agent is theirs: the retry does not ring here', async () => {
    const h = automated();
    h.engine.send(request('automated'));
    h.engine.accept('cb-1/1');
    await h.clock.tick(10);
    h.adapter.remote.hangUp('cb-1/1', 'noAnswer');
    await h.clock.tick(0);
    expect(callbackOf(h)).toMatchObject({ status: 'noReply', assignee: 'agent-ann' });
    expect(code(h.engine.send({ type: 'callbackAssigned', callbackId: 'cb-1', agentId: 'agent-bob' }))).toBe('ok');
    expect(callbackOf(h)).toMatchObject({ status: 'noReply', assignee: 'agent-bob', attempts: 1 });
    expect(timeline(h).at(-1)).toMatchObject({ kind: 'callbackAssigned', detail: 'agent-bob' });
    await h.clock.tick(120_000);
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(callbackOf(h)?.status).toBe('noReply');
  });

  it('a ring the agent misses uses no attempt and puts the callback back in the queue', async () => {
    const h = automated();
    h.engine.send(request('automated'));
    await h.clock.tick(20_000);
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'cb-1/1', endReason: 'missed' });
    expect(callbackOf(h)).toMatchObject({ status: 'queued', assignee: null, attempts: 0 });
    expect(timeline(h).at(-1)).toEqual({ at: h.clock.now(), kind: 'callbackReleased', detail: 'missed' });
    expect(h.engine.getSnapshot().calls).toEqual([]);
  });

  it('a ring the agent missed while the tab slept puts the callback back in the queue on the next input, as its timer would have', async () => {
    const h = automated();
    h.engine.send(request('automated'));
    h.clock.jump(21_000);
    h.engine.send({ type: 'setPresence', presence: 'available' });
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'cb-1/1', endReason: 'missed' });
    expect(callbackOf(h)).toMatchObject({ status: 'queued', assignee: null, attempts: 0 });
  });

  it('a customer who did not pick up before the tab woke: the attempt ends unanswered at its deadline, and the next offer rings', async () => {
    const h = automated();
    h.engine.send(request('automated'));
    h.engine.accept('cb-1/1');
    await h.clock.tick(10);
    h.clock.jump(30_000);
    h.adapter.remote.offer({ callId: 'c9', remote: { number: '+14155550177' }, queue: 'support' });
    const state = h.engine.getSnapshot();
    expect(state.history.find((entry) => entry.id === 'cb-1/1')).toMatchObject({ endReason: 'noAnswer' });
    expect(getCall(state, 'c9')?.phase).toBe('ringing');
  });

  const statusNotices = (h: DeskHarness) => deskActions(h, 'notify').flatMap((effect) => (effect.action === 'notify' && effect.notice.type === 'callbackStatus' ? [effect.notice] : []));

  it('an agent who goes off duty hands an assigned one back to the queue, for the routing side to give to someone on duty', async () => {
    const h = automated();
    h.adapter.remote.offer({ callId: 'c-other', remote: { number: '+14155550199' }, queue: 'support' });
    h.engine.accept('c-other');
    await h.clock.tick(10);
    h.engine.send(request('automated'));
    expect(callbackOf(h)).toMatchObject({ status: 'assigned', assignee: 'agent-ann' });
    expect(code(h.engine.send({ type: 'setDuty', onDuty: false }))).toBe('ok');
    expect(callbackOf(h)).toMatchObject({ status: 'queued', assignee: null, attempts: 0 });
    expect(statusNotices(h).at(-1)).toMatchObject({ callbackId: 'cb-1', status: 'queued', assignee: null });
    expect(timeline(h).at(-1)).toMatchObject({ kind: 'callbackReleased', detail: 'offDuty' });
    // The live call goes on; once it is over, nothing of the released callback rings here.
    expect(getCall(h.engine.getSnapshot(), 'c-other')?.phase).toBe('connected');
    h.engine.hangUp('c-other');
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    h.engine.send({ type: 'setDuty', onDuty: true });
    expect(h.engine.getSnapshot().calls).toEqual([]);
  });

  it('one waiting for its retry loses its assignee and this desk\'s retry, and keeps its attempts', async () => {
    const h = automated();
    h.engine.send(request('automated'));
    h.engine.accept('cb-1/1');
    await h.clock.tick(10);
    h.adapter.remote.hangUp('cb-1/1', 'noAnswer');
    await h.clock.tick(0);
    expect(callbackOf(h)).toMatchObject({ status: 'noReply', assignee: 'agent-ann', attempts: 1 });
    h.engine.send({ type: 'setDuty', onDuty: false });
    expect(callbackOf(h)).toMatchObject({ status: 'noReply', assignee: null, attempts: 1 });
    expect(statusNotices(h).at(-1)).toMatchObject({ status: 'noReply', assignee: null, attempts: 1 });
    h.engine.send({ type: 'setDuty', onDuty: true });
    await h.clock.tick(120_000);
    expect(h.engine.getSnapshot().calls).toEqual([]);
    // The routing side gives it back: its retry is this desk's again, and rings.
    h.engine.send({ type: 'callbackAssigned', callbackId: 'cb-1', agentId: 'agent-ann' });
    await h.clock.tick(0);
    expect(callbackOf(h)).toMatchObject({ status: 'active', callId: 'cb-1/2' });
  });

  it("leaving the callback's queue hands it back too; going away does not, and a manual one stays on the agent's list", async () => {
    const h = automated();
    h.adapter.remote.offer({ callId: 'c-other', remote: { number: '+14155550199' }, queue: 'support' });
    h.engine.accept('c-other');
    await h.clock.tick(10);
    h.engine.send(request('automated'));
    h.engine.send(request('manual', 'cb-2', '+14155550143'));
    h.engine.send({ type: 'assignCallback', callbackId: 'cb-2' });
    h.engine.send({ type: 'setPresence', presence: 'away' });
    expect(callbackOf(h)).toMatchObject({ status: 'assigned', assignee: 'agent-ann' });
    h.engine.send({ type: 'setQueues', queues: ['sales'] });
    expect(callbackOf(h)).toMatchObject({ status: 'queued', assignee: null });
    expect(timeline(h).at(-1)).toMatchObject({ kind: 'callbackReleased', detail: 'notInQueue' });
    expect(callbackOf(h, 'cb-2')).toMatchObject({ status: 'assigned', assignee: 'agent-ann' });
  });

  it('waits in the queue for an agent who is off duty, and refuses a bad number', () => {
    const h = deskHarness({ config: { callbacks: policy }, onDuty: false });
    h.engine.send(request('automated'));
    expect(callbackOf(h)).toMatchObject({ status: 'queued', assignee: null });
    expect(h.engine.getSnapshot().calls).toEqual([]);
    const before = h.engine.getSnapshot();
    expect(code(h.engine.send(request('automated', 'cb-9', '0800 123')))).toBe('invalidNumber');
    expect(code(h.engine.send({ type: 'callbackRequested', callbackId: 'cb-9', customer: { number: CUSTOMER }, mode: 'sometimes' } as unknown as EngineInput))).toBe('invalidAdapterEvent');
    expect(h.engine.getSnapshot()).toBe(before);
  });
});

describe('003 — manual callbacks', () => {
  it("the list offers Call as soon as a wrap-up's countdown has run out, its timer late or not (a throttled tab)", async () => {
    const h = automated();
    h.engine.send(request('manual'));
    h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550177' }, queue: 'support' });
    h.engine.accept('c1');
    await h.clock.tick(50);
    h.engine.hangUp('c1');
    const deadline = h.engine.getSnapshot().desk!.wrapUp!.deadline;
    const canStart = () => callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now())[0]?.canStart;
    expect(canStart()).toBe(false);
    h.clock.jump(deadline - h.clock.now() + 1_000);
    expect(canStart()).toBe(true);
    expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM, callId: 'cb-call' }))).toBe('ok');
  });

  it('from the list: assign to me, start the call, done after wrap-up because the customer answered', async () => {
    const h = automated();
    const t0 = h.clock.now();
    h.engine.send(request('manual'));
    const list = () => callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now());
    expect(list()).toMatchObject([{ callback: { id: 'cb-1', status: 'queued', assignee: null }, canAssignToMe: true, canStart: false }]);
    expect(callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now(), 'mine')).toEqual([]);
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM }))).toBe('callbackNotStartable');

    await h.clock.tick(1_000);
    expect(code(h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' }))).toBe('ok');
    expect(list()).toMatchObject([{ callback: { status: 'assigned', assignee: 'agent-ann' }, canAssignToMe: false, canStart: true }]);
    expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: '+19995550000' }))).toBe('unknownNumber');

    await h.clock.tick(1_000);
    expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM, callId: 'cb-call' }))).toBe('ok');
    expect(getCall(h.engine.getSnapshot(), 'cb-call')).toMatchObject({ phase: 'calling', direction: 'outbound', remote: { number: CUSTOMER } });
    expect(callbackOf(h)).toMatchObject({ status: 'active', attempts: 1, callId: 'cb-call' });
    await h.clock.tick(4_000);
    h.adapter.remote.answer('cb-call');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'cb-call')?.phase).toBe('connected');
    await h.clock.tick(60_000);
    h.engine.hangUp('cb-call');
    expect(callbackOf(h)?.status).toBe('active');
    await h.clock.tick(30_000); // wrap-up times out
    expect(callbackOf(h)?.status).toBe('done');
    const done = h.engine.getSnapshot();
    expect(code(h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' }))).toBe('callbackNotStartable');
    expect(h.engine.getSnapshot()).toBe(done);

    expect(timeline(h)).toEqual([
      { at: t0, kind: 'callbackRequested', detail: 'manual' },
      { at: t0 + 1_000, kind: 'callbackAssigned', detail: 'agent-ann' },
      { at: t0 + 2_000, kind: 'callbackStarted', detail: 'attempt 1 of 3' },
      { at: t0 + 6_010, kind: 'callbackAnswered', detail: undefined },
      { at: t0 + 6_010 + 60_000 + 30_000, kind: 'callbackDone', detail: undefined },
    ]);
  });

  it('a customer who does not answer is a no reply; the agent can try again until the policy runs out', async () => {
    const h = deskHarness({ config: { callbacks: { ...policy, maxAttempts: 2 }, wrapUp: { durationMs: 5_000 } } });
    h.engine.send(request('manual'));
    h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' });
    for (const attempt of [1, 2]) {
      expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM }))).toBe('ok');
      const callId = callbackOf(h)?.callId;
      await h.clock.tick(60_000); // the outbound ring times out
      expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'noAnswer' });
      expect(callbackOf(h)).toMatchObject({ status: 'noReply', attempts: attempt });
      expect(callbackOf(h)?.retryAt).toBeUndefined();
      await h.clock.tick(5_000); // wrap-up of the attempt
    }
    expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM }))).toBe('callbackNotStartable');
  });

  it('a callback another agent took cannot be assigned to me', () => {
    const h = automated();
    h.engine.send(request('manual'));
    h.engine.send({ type: 'callbackAssigned', callbackId: 'cb-1', agentId: 'agent-bob' });
    expect(callbackOf(h)).toMatchObject({ status: 'assigned', assignee: 'agent-bob' });
    expect(code(h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' }))).toBe('callbackTaken');
    expect(code(h.engine.send({ type: 'assignCallback', callbackId: 'nope' }))).toBe('unknownCallback');
  });
});

describe('003 — a callback is a phone call to the customer', () => {
  async function answeredAutomated(h: DeskHarness) {
    h.engine.send(request('automated'));
    h.engine.accept('cb-1/1');
    await h.clock.tick(10);
    h.adapter.remote.answer('cb-1/1');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'cb-1/1')?.phase).toBe('connected');
  }

  it('no camera or screen share, shown or accepted, on either kind', async () => {
    const h = automated();
    await answeredAutomated(h);
    const controls = agentCallControls(h.engine.getSnapshot(), h.engine.config, 'cb-1/1')!;
    expect([controls.camera.visible, controls.screenShare.visible]).toEqual([false, false]);
    expect(code(h.engine.setCamera('cb-1/1', true))).toBe('unsupported');
    h.engine.hangUp('cb-1/1');
    expect(code(h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' }))).toBe('ok');

    h.engine.send(request('manual', 'cb-2', '+14155550177'));
    h.engine.send({ type: 'assignCallback', callbackId: 'cb-2' });
    expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-2', from: FROM, callId: 'm1' }))).toBe('ok');
    await h.clock.tick(10);
    h.adapter.remote.answer('m1');
    await h.clock.tick(10);
    expect(agentCallControls(h.engine.getSnapshot(), h.engine.config, 'm1')?.screenShare.visible).toBe(false);
    expect(code(h.engine.startScreenShare('m1'))).toBe('unsupported');
  });

  it('an answered callback whose wrap-up ran out while the tab slept is done, and the customer can ask again', async () => {
    const h = automated();
    await answeredAutomated(h);
    h.engine.hangUp('cb-1/1');
    h.clock.jump(40_000); // past the 30 s wrap-up; its timer has not run
    h.engine.send({ type: 'setPresence', presence: 'available' });
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeUndefined();
    expect(callbackOf(h)?.status).toBe('done');
    h.engine.send(request('automated', 'cb-2'));
    expect(callbackOf(h, 'cb-2')).toMatchObject({ status: 'active', callId: 'cb-2/1' });
  });

  it('a request after the customer was reached is a new callback, not "asked again": it rings once the wrap-up ends', async () => {
    const h = automated();
    await answeredAutomated(h);
    h.engine.hangUp('cb-1/1');
    expect(h.engine.getSnapshot().desk?.wrapUp?.callId).toBe('cb-1/1');
    // During the wrap-up the customer asks to be called back again.
    expect(code(h.engine.send(request('automated', 'cb-2')))).toBe('ok');
    expect(callbackOf(h, 'cb-2')).toMatchObject({ status: 'assigned', assignee: 'agent-ann' });
    expect(timeline(h).map((event) => event.kind)).not.toContain('callbackRequestedAgain');
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    expect(callbackOf(h)?.status).toBe('done');
    expect(callbackOf(h, 'cb-2')).toMatchObject({ status: 'active', callId: 'cb-2/1' });
  });
});

describe("003 — a callback for a customer another agent is talking with", () => {
  const bobsConversation = { id: 'conv-bob', customer: { number: CUSTOMER }, assignee: 'agent-bob', status: 'open' as const, tags: [], pending: 0, timeline: [] };

  it('joins their conversation, but neither rings me nor can be taken or called by me until they close it', () => {
    const h = automated();
    h.engine.send({ type: 'conversationsLoaded', conversations: [bobsConversation] });
    h.engine.send(request('automated'));
    expect(callbackOf(h)).toMatchObject({ status: 'queued', assignee: null, conversationId: 'conv-bob' });
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now())).toMatchObject([{ canAssignToMe: false, canStart: false, conversationWith: 'agent-bob' }]);
    const before = h.engine.getSnapshot();
    expect(code(h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' }))).toBe('conversationAssigned');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(conversation(h.engine.getSnapshot(), 'conv-bob')?.assignee).toBe('agent-bob');

    // Bob closes it: the callback is anyone's again.
    h.engine.send({ type: 'conversationsLoaded', conversations: [{ ...bobsConversation, status: 'closed' as const }] });
    expect(callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now())).toMatchObject([{ canAssignToMe: true }]);
    expect(code(h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' }))).toBe('ok');
  });

  it('the rule is about the customer, as for a call out: another open conversation of theirs with the customer counts too', () => {
    const h = automated();
    h.engine.send(request('manual'));
    h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' });
    const own = conversation(h.engine.getSnapshot(), callbackOf(h)!.conversationId)!;
    h.engine.send({ type: 'conversationsLoaded', conversations: [{ ...own, status: 'closed' as const }, bobsConversation] });
    expect(code(h.engine.send({ type: 'startOutbound', from: FROM, to: { number: CUSTOMER }, queue: 'support' }))).toBe('conversationAssigned');
    expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM }))).toBe('conversationAssigned');
  });

  it('a manual callback of mine is not called once another agent has the conversation', () => {
    const h = automated();
    h.engine.send(request('manual'));
    h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' });
    const conversationId = callbackOf(h)!.conversationId;
    h.engine.send({ type: 'conversationsLoaded', conversations: [{ ...bobsConversation, id: conversationId }] });
    expect(callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now())).toMatchObject([{ canStart: false, conversationWith: 'agent-bob' }]);
    expect(code(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM }))).toBe('conversationAssigned');
    expect(h.engine.getSnapshot().calls).toEqual([]);
  });
});

describe('an agent engine that runs all day', () => {
  it('keeps the newest finished callbacks only: done ones do not pile up in state', async () => {
    const h = automated();
    const total = finishedCallbacksKept + 5;
    for (let i = 0; i < total; i++) {
      const id = `cb-${i}`;
      h.engine.send(request('manual', id, `+1415555${String(1_000 + i)}`));
      expect(code(h.engine.send({ type: 'assignCallback', callbackId: id }))).toBe('ok');
      expect(code(h.engine.send({ type: 'startCallback', callbackId: id, from: FROM, callId: `${id}/call` }))).toBe('ok');
      h.adapter.remote.answer(`${id}/call`);
      await h.clock.tick(10);
      h.engine.hangUp(`${id}/call`);
      expect(code(h.engine.send({ type: 'closeWrapUp', conversation: 'close' }))).toBe('ok');
    }
    const callbacks = h.engine.getSnapshot().desk?.callbacks ?? [];
    expect(callbacks.every((callback) => callback.status === 'done')).toBe(true);
    expect(callbacks.map((callback) => callback.id)).toEqual(Array.from({ length: finishedCallbacksKept }, (_, i) => `cb-${i + 5}`));
  });
});

describe('callbacks listed by the backend', () => {
  const listed = (id: string, assignee: string | null, mode: 'automated' | 'manual', retryAt: number) =>
    ({ id, conversationId: `conv-${id}`, customer: { number: CUSTOMER }, mode, status: 'noReply', assignee, requestedAt: 0, attempts: 1, retryAt });

  it('arm a retry only for this agent\'s automated callbacks; a callback given to the agent later gets its retry then', async () => {
    const h = automated();
    const at = h.clock.now() + 60_000;
    const loaded = [listed('cb-mine', 'agent-ann', 'automated', at), listed('cb-bob', 'agent-bob', 'automated', at), listed('cb-manual', 'agent-ann', 'manual', at)];
    expect(code(h.engine.send({ type: 'callbacksLoaded', callbacks: loaded } as EngineInput))).toBe('ok');
    const retries = () => h.engine.pendingTimers().filter((timer) => timer.timer === 'callbackRetry').map((timer) => timer.callId);
    expect(retries()).toEqual(['cb-mine']);

    expect(code(h.engine.send({ type: 'callbackAssigned', callbackId: 'cb-bob', agentId: 'agent-ann' }))).toBe('ok');
    expect(code(h.engine.send({ type: 'callbackAssigned', callbackId: 'cb-mine', agentId: 'agent-bob' }))).toBe('ok');
    expect(retries()).toEqual(['cb-bob']);
    await h.clock.tick(60_000);
    expect(callbackOf(h, 'cb-bob')).toMatchObject({ status: 'active', callId: 'cb-bob/2' });
    expect(callbackOf(h, 'cb-mine')?.status).toBe('noReply');
  });

  it('a row with its attempts used up never rings again, whatever retry time it still carries', async () => {
    const h = automated();
    const exhausted = { ...listed('cb-spent', 'agent-ann', 'automated', h.clock.now() + 1_000), attempts: policy.maxAttempts };
    expect(code(h.engine.send({ type: 'callbacksLoaded', callbacks: [exhausted] } as EngineInput))).toBe('ok');
    expect(h.engine.pendingTimers().filter((timer) => timer.timer === 'callbackRetry')).toEqual([]);
    await h.clock.tick(2_000);
    // Any later transition (here the agent's own presence) looks for due callbacks again: still nothing.
    h.engine.send({ type: 'setPresence', presence: 'available' });
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(callbackOf(h, 'cb-spent')).toMatchObject({ status: 'noReply', attempts: policy.maxAttempts });
    expect(callbackOf(h, 'cb-spent')?.retryAt).toBeUndefined();
  });

  it('a row kept from a page with a larger maxAttempts, its attempts now used up, shows no next attempt and never rings', async () => {
    const wide = { ...policy, maxAttempts: 3 };
    const before = deskHarness({ config: { callbacks: wide }, onDuty: false });
    before.engine.send(request('automated'));
    const saved = JSON.parse(JSON.stringify(before.engine.getSnapshot())) as EngineState;
    const at = before.clock.now();
    Object.assign(saved.desk!.callbacks[0]!, { status: 'noReply', assignee: 'agent-ann', attempts: 1, calls: 1, retryAt: at + 60_000 });
    before.engine.dispose();
    const desk = createAgentDesk({ ...deskConfig, callbacks: { ...wide, maxAttempts: 1 } });
    const reloaded = harness({ clock: createVirtualClock(at + 1_000), engine: { extension: desk, initialState: saved } });
    reloaded.engine.send({ type: 'setDuty', onDuty: true });
    await reloaded.clock.tick(120_000);
    expect(reloaded.engine.getSnapshot().calls).toEqual([]);
    const [entry] = callbackList(reloaded.engine.getSnapshot(), desk.config, reloaded.clock.now(), 'mine');
    expect(entry).toMatchObject({ attemptsLeft: 0 });
    expect(entry?.nextAttemptInMs).toBeUndefined();
  });

  it('ten thousand overdue retries of other agents cost this desk no work when they would fall due', async () => {
    const h = automated();
    const loaded = Array.from({ length: 10_000 }, (_, i) => listed(`cb-${i}`, 'agent-bob', 'automated', 0));
    const started = performance.now();
    expect(code(h.engine.send({ type: 'callbacksLoaded', callbacks: loaded } as EngineInput))).toBe('ok');
    await h.clock.tick(1_000);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(h.engine.getSnapshot().calls).toEqual([]);
  });
});
