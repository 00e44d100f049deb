// 004's status on the agent's call screen for a call by link: waiting (the
// ringtone plays), the client joining, connected, or left.
import { type EngineState, linkCallStatus, type LinkCallStatus as Status } from '@ringline/core';
import { useSelector } from '@ringline/react';
import { useCallback } from 'react';

const text: Record<Status, (name: string) => string> = {
  waiting: (name) => `Waiting for ${name} to open the link…`,
  joining: (name) => `${name} is joining…`,
  connected: (name) => `${name} joined the call`,
  left: (name) => `${name} left the call — end it when you are done`,
};

export function LinkCallStatus({ callId, name }: { callId: string; name: string }) {
  const status = useSelector(useCallback((state: EngineState) => linkCallStatus(state, callId), [callId]));
  if (!status) return null;
  return <p className={`notice ${status === 'left' ? 'notice--warn' : 'notice--info'}`} data-testid="link-status" data-status={status}>{text[status](name)}</p>;
}
