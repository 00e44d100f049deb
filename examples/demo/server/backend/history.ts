// Call history and recordings metadata, per agent, newest first. The demo
// keeps what a recording is (call, length, owner) but stores no media: the
// url names where a recording service would serve it.
import type { BackendCallRecord, RecordingMeta } from '../protocol.js';

const kept = 100;

export interface History {
  record(call: BackendCallRecord): RecordingMeta | undefined;
  calls(agentId: string): BackendCallRecord[];
  recordings(agentId: string): RecordingMeta[];
}

export function createHistory(): History {
  const calls: BackendCallRecord[] = [];
  const recordings: RecordingMeta[] = [];
  return {
    record(call) {
      if (calls.some((known) => known.callId === call.callId && known.agentId === call.agentId)) return undefined;
      calls.unshift(call);
      calls.length = Math.min(calls.length, kept);
      // Only a call that connected has anything recorded.
      if (call.durationMs === 0) return undefined;
      const recording: RecordingMeta = {
        id: `rec-${call.callId}-${call.agentId}`, callId: call.callId, agentId: call.agentId, media: call.media,
        durationMs: call.durationMs, at: call.endedAt, url: `/recordings/${encodeURIComponent(call.callId)}`,
      };
      recordings.unshift(recording);
      recordings.length = Math.min(recordings.length, kept);
      return recording;
    },
    calls: (agentId) => calls.filter((call) => call.agentId === agentId),
    // 003: an agent sees only their own recordings.
    recordings: (agentId) => recordings.filter((recording) => recording.agentId === agentId),
  };
}
