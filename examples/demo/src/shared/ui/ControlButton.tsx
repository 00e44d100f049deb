// One button of a call's control bar (003: controls are dynamic): the
// visitor's call screen and the agent's call panel show the same kind of
// button, pressed for a toggle that is on, expanded for a panel that is open.
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon.js';

export interface ControlButtonProps {
  testId: string;
  icon: IconName;
  children: ReactNode;
  onClick(): void;
  disabled?: boolean;
  /** A toggle's state (mute, camera, screen share): shown as active and told to assistive technology. */
  pressed?: boolean;
  /** A panel's state (dial pad, settings, transfer). */
  expanded?: boolean;
  /** Shown as active without being a toggle (resume while on hold). */
  active?: boolean;
  hangUp?: boolean;
  title?: string;
}

export function ControlButton({ testId, icon, children, onClick, disabled, pressed, expanded, active, hangUp, title }: ControlButtonProps) {
  const on = active || pressed || expanded;
  const className = `control${on ? ' is-active' : ''}${hangUp ? ' control--hangup' : ''}`;
  return (
    <button type="button" className={className} data-testid={testId} aria-pressed={pressed} aria-expanded={expanded} disabled={disabled} onClick={onClick} title={title}>
      <Icon name={icon} />{children}
    </button>
  );
}
