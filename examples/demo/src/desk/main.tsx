import { RinglineProvider } from '@ringline/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { type AgentEvent, createBackendClient } from '../shared/backendClient.js';
import { createDeskLine } from '../shared/deskSetup.js';
import { playTones } from '../shared/ui/tones.js';
import { ContactsContext, createContactsStore } from './contacts.js';
import { DeskApp } from './DeskApp.js';
import { createDeskFeed } from './useDeskFeed.js';
import '../shared/ui/base.css';
import './desk.css';

const agentId = new URLSearchParams(location.search).get('agent') ?? 'ann';
const root = createRoot(document.getElementById('root')!);
const backend = createBackendClient<AgentEvent & { type: string }>(`agent=${encodeURIComponent(agentId)}`);
// Stores subscribe before the welcome so nothing the backend sends first is lost.
const feed = createDeskFeed(backend);
const contacts = createContactsStore(backend);

root.render(<p className="desk-loading">Connecting to the demo backend…</p>);

const off = backend.onEvent((event) => {
  const failed = event as { type: string; error?: string };
  if (failed.type === 'error') {
    root.render(<p className="desk-loading">{failed.error}</p>);
    backend.close();
    return;
  }
  if (event.type !== 'welcome') return;
  off();
  const line = createDeskLine(event, backend);
  line.contacts.current = contacts.get();
  contacts.subscribe(() => (line.contacts.current = contacts.get()));
  playTones(line.engine);
  document.title = `${event.agent.name} — Ringline desk`;
  root.render(
    <StrictMode>
      <RinglineProvider engine={line.engine} desk={line.desk}>
        <ContactsContext.Provider value={contacts}>
          <DeskApp line={line} feed={feed} avatarUrl={event.agent.avatarUrl} />
        </ContactsContext.Provider>
      </RinglineProvider>
    </StrictMode>,
  );
});
