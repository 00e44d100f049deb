import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isRinglineError } from '@ringline/core';
import { useCallControls, useCountdown } from '../src/index.js';
import { type Offer, useCallbacks, useOffers, useTransfer, useWrapUp } from '../src/desk.js';
import { harness, modes } from './support.js';

afterEach(cleanup);

function OfferCard({ offer }: { offer: Offer }) {
  const left = useCountdown(offer.ringDeadline);
  const { accept } = useCallControls(offer.callId);
  return <button onClick={() => accept()}>{`${offer.name ?? offer.number} · ${offer.queueName} · ${offer.summary ?? ''} · ${left}s`}</button>;
}

function Offers() {
  return <>{useOffers().map((offer) => <OfferCard key={offer.callId} offer={offer} />)}</>;
}

describe.each(modes)('agent desk hooks ($name)', ({ strict }) => {
  it('a hand-off card shows the AI summary and its own countdown; accepting it connects once', async () => {
    const h = harness({ strict, desk: true });
    render(<Offers />, { wrapper: h.wrapper });
    const callId = await h.run(() => h.adapter.remote.offer({
      remote: { name: 'Ola', number: '+14155550123' }, queue: 'support', handoff: true, summary: 'Wants a refund', ringTimeoutMs: 15_000,
    }));
    const card = screen.getByRole('button');
    expect(card.textContent).toBe('Ola · Customer support · Wants a refund · 15s');
    await h.advance(3_000);
    expect(card.textContent).toBe('Ola · Customer support · Wants a refund · 12s');
    await act(async () => {
      card.click();
      await h.clock.tick(20);
    });
    expect(h.commands('connect')).toEqual([`connect:${callId}`]);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('wrap-up: the time left ticks, +10 s extends it, notes and rating are kept, close ends it', async () => {
    const h = harness({ strict, desk: true });
    const { result } = renderHook(() => useWrapUp(), { wrapper: h.wrapper });
    expect(result.current).toBeUndefined();
    const callId = await h.run(() => h.adapter.remote.offer({ queue: 'support' }));
    await h.run(() => h.engine.accept(callId));
    await h.run(() => h.engine.hangUp(callId));
    expect(result.current).toMatchObject({ callId, remainingSeconds: 30, notes: '', canAddTenSeconds: true, canAddMoreTime: false });
    await h.advance(5_000);
    expect(result.current?.remainingSeconds).toBe(25);
    act(() => void result.current!.extend('tenSeconds'));
    expect(result.current?.remainingSeconds).toBe(35);
    act(() => void result.current!.setNotes('Refund issued'));
    act(() => void result.current!.rate(4));
    expect(result.current).toMatchObject({ notes: 'Refund issued', rating: 4 });
    const refused = result.current!.extend('moreTime');
    expect(refused.ok).toBe(false);
    act(() => void result.current!.close('close'));
    expect(result.current).toBeUndefined();
  });

  it('wrap-up: a window whose countdown ran out while the tab slept is gone on the next render, before its timer has run', async () => {
    const h = harness({ strict, desk: true });
    const { result, rerender } = renderHook(() => useWrapUp(), { wrapper: h.wrapper });
    const callId = await h.run(() => h.adapter.remote.offer({ queue: 'support' }));
    await h.run(() => h.engine.accept(callId));
    await h.run(() => h.engine.hangUp(callId));
    h.clock.jump(29_500);
    rerender();
    expect(result.current?.remainingSeconds).toBe(1);
    h.clock.jump(500);
    rerender();
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeDefined(); // the timer has not run
    expect(result.current).toBeUndefined();
  });

  it('transfer status: in flight, ringing at the target, then the warning when it fails and the call returns', async () => {
    const h = harness({ strict, desk: true });
    const callId = await h.run(() => h.adapter.remote.offer({ queue: 'support' }));
    await h.run(() => h.engine.accept(callId));
    const { result } = renderHook(() => ({ transfer: useTransfer(), controls: useCallControls() }), { wrapper: h.wrapper });
    expect(result.current.controls.controls.transfer).toEqual({ visible: true, enabled: true, active: false });
    await h.run(() => result.current.transfer.transfer({ kind: 'queue', queue: 'support' }));
    expect(result.current.transfer.inFlight).toMatchObject({ target: { kind: 'queue', queue: 'support' }, stage: 'initiated' });
    // A transfer in flight pins hold: the button is there, not enabled.
    expect(result.current.controls.controls.hold.enabled).toBe(false);
    expect(result.current.controls.controls.transfer.enabled).toBe(false);
    await h.run(() => h.adapter.remote.transferRinging(callId));
    expect(result.current.transfer.inFlight?.stage).toBe('ringing');
    await h.run(() => h.adapter.remote.transferFails(callId, 'busy'));
    expect(result.current.transfer.inFlight).toBeUndefined();
    expect(result.current.transfer.warning).toMatchObject({ reason: 'busy' });
    expect(result.current.controls.controls.hold.enabled).toBe(true);
    // Again, and the agent takes it back while it runs.
    await h.run(() => result.current.transfer.transfer({ kind: 'queue', queue: 'support' }));
    expect(result.current.transfer.inFlight).toBeDefined();
    await h.run(() => result.current.transfer.cancel());
    expect(result.current.transfer.inFlight).toBeUndefined();
    expect(result.current.transfer.warning).toMatchObject({ reason: 'canceled' });
    expect(result.current.controls.controls.transfer.enabled).toBe(true);
  });

  it('the callback list: assign to me, then call the customer; a re-render only when the list changes', async () => {
    const h = harness({ strict, desk: true });
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useCallbacks('all');
    }, { wrapper: h.wrapper });
    expect(result.current.entries).toEqual([]);
    const requested = h.engine.send({
      type: 'callbackRequested', callbackId: 'cb-1', customer: { name: 'Zoe', number: '+14155550199' }, mode: 'manual', queue: 'support',
    });
    expect(requested.ok).toBe(true);
    await h.advance(20);
    expect(result.current.entries).toMatchObject([{ callback: { id: 'cb-1', status: 'queued' }, canAssignToMe: true, canStart: false }]);
    act(() => void result.current.assignToMe('cb-1'));
    expect(result.current.entries[0]).toMatchObject({ callback: { status: 'assigned', assignee: 'agent-ann' }, canStart: true });
    const settled = renders;
    const before = h.engine.getSnapshot();
    await h.run(() => h.engine.send({ type: 'directoryUpdated', agents: [{ id: 'agent-bo', queues: ['support'], presence: 'available' }] }));
    expect(h.engine.getSnapshot()).not.toBe(before);
    expect(renders).toBe(settled);
    await h.run(() => result.current.start('cb-1', '+14155550100'));
    expect(result.current.entries[0]?.callback.status).toBe('active');
    expect(h.commands('connect')).toHaveLength(1);
  });

  it('desk hooks without a desk in the provider fail with a typed error', () => {
    const h = harness({ strict });
    let caught: unknown;
    try {
      renderHook(() => useOffers(), { wrapper: h.wrapper });
    } catch (error) {
      caught = error;
    }
    expect(isRinglineError(caught) && caught.code).toBe('invalidState');
  });
});
