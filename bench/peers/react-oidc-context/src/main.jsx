import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider } from 'react-oidc-context';
import { loadConfig } from '../../common/config.js';
import '../../common/style.css';
import App from './App.jsx';

const config = await loadConfig();

// Back from the hosted UI: drop ?code=…&state=… from the address bar.
function onSigninCallback() {
  window.history.replaceState({}, document.title, '/');
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <AuthProvider {...config.settings} onSigninCallback={onSigninCallback}>
      <App apiBaseUrl={config.apiBaseUrl} logoutUrl={config.logoutUrl} />
    </AuthProvider>
  </StrictMode>,
);
