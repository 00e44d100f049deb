import { RinglineProvider } from '@ringline/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { playTones } from '../shared/ui/tones.js';
import { visitorId } from '../shared/visitorId.js';
import { createVisitorLine } from '../shared/visitorSetup.js';
import { createAssistantStore } from './useAssistant.js';
import { VisitorApp } from './VisitorApp.js';
import '../shared/ui/base.css';
import './visitor.css';

const line = createVisitorLine(visitorId());
const store = createAssistantStore(line.backend);
playTones(line.engine);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <div className="storefront">
      <header className="storefront__nav">
        <strong className="storefront__brand">Northwind Outfitters</strong>
        <nav><a href="#">Shop</a><a href="#">Orders</a><a href="#">Help</a></nav>
      </header>
      <main className="storefront__hero">
        <h1>Gear for every trail.</h1>
        <p>Questions about an order, delivery or billing? Call us from the widget — no phone needed.</p>
      </main>
      <RinglineProvider engine={line.engine}>
        <VisitorApp line={line} store={store} />
      </RinglineProvider>
    </div>
  </StrictMode>,
);
