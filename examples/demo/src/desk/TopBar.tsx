// The dashboard's top bar (002): who is signed in, the duty toggle, presence,
// what the desk makes of them (on a call, in wrap-up, available...), and a
// warning while the desk is open in another tab too.
import { agentAvailability, type Availability, type EngineState, type Presence } from '@ringline/core';
import { useEngine, useSelector } from '@ringline/react';
import { useOtherDeskTabs } from '@ringline/react/desk';
import { Avatar } from '../shared/ui/Avatar.js';

const availabilityLabel: Record<Availability, string> = {
  offDuty: 'Off duty', offline: 'Offline', away: 'Away', busy: 'Busy', onCall: 'On a call', ringing: 'Ringing', wrapUp: 'Wrap-up', available: 'Available',
};

const agentOf = (state: EngineState) => state.desk?.agent;

export function TopBar({ avatarUrl }: { avatarUrl: string }) {
  const engine = useEngine();
  const agent = useSelector(agentOf);
  const availability = useSelector(agentAvailability);
  const otherTabs = useOtherDeskTabs();
  if (!agent) return null;
  return (
    <header className="topbar">
      <div className="topbar__brand"><span className="topbar__logo" aria-hidden="true">R</span> Ringline desk</div>
      <div className="topbar__status">
        {otherTabs > 0 && (
          // 002: a hand-off could ring in the other tab instead.
          <span className="pill pill--away" role="status" data-testid="other-tabs" title="A call may ring in the other tab instead of this one">
            Also open in {otherTabs === 1 ? 'another tab' : `${otherTabs} other tabs`}: close the extras
          </span>
        )}
        <span className={`pill pill--${availability}`} data-testid="availability">{availabilityLabel[availability]}</span>
        <label className="topbar__presence">
          <span className="visually-hidden">Presence</span>
          <select value={agent.presence} onChange={(event) => engine.send({ type: 'setPresence', presence: event.target.value as Presence })} disabled={!agent.onDuty}>
            <option value="available">Active</option>
            <option value="away">Away</option>
          </select>
        </label>
        <button type="button" role="switch" aria-checked={agent.onDuty} className={`switch${agent.onDuty ? ' is-on' : ''}`} data-testid="duty-toggle"
          onClick={() => engine.send({ type: 'setDuty', onDuty: !agent.onDuty })}>
          <span className="switch__track"><span className="switch__thumb" /></span>
          {agent.onDuty ? 'On duty' : 'Off duty'}
        </button>
        <span className="topbar__agent">
          <Avatar name={agent.name} url={avatarUrl} size={32} />
          <span>{agent.name}</span>
        </span>
      </div>
    </header>
  );
}
