// Runs React Refresh's preamble as a module in development (empty in a build), so
// the dev server needs no inline script and runs under the production CSP.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import '@vitejs/plugin-react/preamble';
// The shared styles come first: each feature's own stylesheet, imported by its components, follows them.
import './styles/base.css';
import './styles/layout.css';
import './styles/shared.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
