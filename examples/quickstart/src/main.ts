// One call through its whole life on the loopback adapter: an agent calls a
// visitor, it rings with a countdown, the visitor accepts, mutes, goes on
// hold, resumes, dials a digit and hangs up. Time is virtual, so the run is
// instant and the printed times are exact. `--check` verifies the timeline.
import { callDurationMs, callStatus, createCallEngine, getCall, heldMs, remainingRingMs, type EngineOutput } from '@ringline/core';
import { createLoopbackAdapter, createVirtualClock } from '@ringline/core/testing';

const clock = createVirtualClock(Date.UTC(2026, 0, 1, 9, 0, 0));
const startedAt = clock.now();
const adapter = createLoopbackAdapter({ clock, latencyMs: { connect: 350, hold: 120, resume: 90, sendDtmf: 20 } });
const engine = createCallEngine({ adapter, clock, config: { ringTimeoutMs: 30_000 }, timelineLimit: 50 });

const lines: string[] = [];
const stamp = () => {
  const ms = clock.now() - startedAt;
  return `${String(Math.floor(ms / 60_000)).padStart(2, '0')}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
};
const print = (text: string) => {
  const line = `[${stamp()}] ${text}`;
  lines.push(line);
  console.log(line);
};

engine.events$.subscribe((output: EngineOutput) => {
  if (output.type === 'timeline') print(`timeline  ${output.entry.kind}${output.entry.detail ? ` (${output.entry.detail})` : ''}`);
  if (output.type === 'tone') print(output.action === 'start' ? `tone      start ${output.tone}` : 'tone      stop');
  if (output.type === 'notice') print(`backend   ${output.notice.type}`);
  if (output.type === 'error') print(`error     ${output.error.code}: ${output.error.remedy}`);
});

const status = (callId: string) => {
  const call = getCall(engine.getSnapshot(), callId);
  if (!call) return 'ended';
  const now = clock.now();
  if (call.phase === 'ringing') return `ringing, ${Math.ceil(remainingRingMs(call, now) / 1000)} s left to answer`;
  return `${callStatus(call)}, duration ${(callDurationMs(call, now) / 1000).toFixed(1)} s, held ${(heldMs(call, now) / 1000).toFixed(1)} s`;
};

// An agent calls the visitor (000).
const callId = adapter.remote.ring({ remote: { name: 'Dana from Support', avatarUrl: 'https://example.com/dana.png' }, media: 'audio' });
print(`status    ${status(callId)}`);
await clock.tick(4_000);
print(`status    ${status(callId)}`);
await clock.tick(3_000);
print(`status    ${status(callId)}`);

engine.accept(callId);
await clock.tick(350);
print(`status    ${status(callId)}`);

await clock.tick(12_000);
engine.toggleMute(callId);
await clock.tick(5_000);
engine.toggleMute(callId);

await clock.tick(8_000);
engine.hold(callId);
await clock.tick(120);
print(`status    ${status(callId)}`);
await clock.tick(15_000);
engine.resume(callId);
await clock.tick(90);
print(`status    ${status(callId)}`);

// A phone menu on the agent's side: press 2 for billing (001 dial pad).
engine.sendDtmf(callId, '2');
const refused = engine.sendDtmf(callId, '9!');
if (!refused.ok) print(`refused   ${refused.error.code}: ${refused.error.remedy}`);
await clock.tick(20);
await clock.tick(30_000);
print(`status    ${status(callId)}`);

engine.hangUp(callId);
await clock.tick(0);
const [entry] = engine.getSnapshot().history;
print(`history   ${entry?.endReason}, talked ${((entry?.durationMs ?? 0) / 1000).toFixed(1)} s, on hold ${((entry?.heldMs ?? 0) / 1000).toFixed(1)} s`);
engine.dispose();

if (process.argv.includes('--check')) {
  const kinds = engine.getTimeline().map((e) => e.kind);
  const expected = ['ringing', 'accepted', 'connected', 'muted', 'unmuted', 'onHold', 'resumed', 'dtmf', 'ended'];
  const problems: string[] = [];
  if (JSON.stringify(kinds) !== JSON.stringify(expected)) problems.push(`timeline ${kinds.join(',')} != ${expected.join(',')}`);
  if (entry?.endReason !== 'completed') problems.push(`end reason ${entry?.endReason}`);
  if (entry?.durationMs !== 70_230) problems.push(`duration ${entry?.durationMs}`);
  if (entry?.heldMs !== 15_090) problems.push(`held ${entry?.heldMs}`);
  if (!lines.some((line) => line.includes('ringing, 23 s left'))) problems.push('countdown not shown');
  if (problems.length > 0) {
    console.error(`quickstart check failed:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('quickstart check passed');
}
