// Words for states, as the screens show them.
import type { CallStatus } from '@ringline/core';

/** 001's status line. */
export const statusLabel: Record<CallStatus, string> = {
  ringing: 'ringing',
  calling: 'calling',
  connecting: 'connecting',
  connected: 'connected',
  onHold: 'on hold',
  reconnecting: 'reconnecting',
};

export const endReasonLabel: Record<string, string> = {
  completed: 'Completed', declined: 'Declined', missed: 'Missed', noAnswer: 'No answer', canceled: 'Caller hung up',
  answeredElsewhere: 'Answered elsewhere', transferred: 'Transferred', failed: 'Failed', busy: 'Busy', dropped: 'Dropped',
};

export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
