import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { JoinApp } from './JoinApp.js';
import '../shared/ui/base.css';
import '../visitor/visitor.css';
import './join.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <div className="storefront join">
      <header className="storefront__nav"><strong className="storefront__brand">Northwind Outfitters</strong></header>
      <main className="join__main"><JoinApp link={location.href} /></main>
    </div>
  </StrictMode>,
);
