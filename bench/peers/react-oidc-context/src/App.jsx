import { useCallback, useEffect, useState } from 'react';
import { useAuth } from 'react-oidc-context';
import { callMe, claimText } from '../../common/config.js';

export default function App({ apiBaseUrl, logoutUrl }) {
  const auth = useAuth();

  if (auth.isLoading) return <p>Loading…</p>;
  if (auth.error) return <p role="alert">Sign-in failed: {auth.error.message}</p>;
  if (!auth.isAuthenticated) {
    return (
      <section className="card">
        <h1>You are signed out</h1>
        <button onClick={() => auth.signinRedirect()}>Sign in</button>
      </section>
    );
  }

  const profile = auth.user.profile;
  const signOut = async () => {
    await auth.removeUser();
    window.location.href = logoutUrl;
  };
  return (
    <>
      <section className="card">
        <h1>Welcome, {profile.name ?? profile.email}</h1>
        <button onClick={signOut}>Sign out</button>
      </section>
      {apiBaseUrl && <ApiCard apiBaseUrl={apiBaseUrl} idToken={auth.user.id_token} />}
      <section className="card">
        <table className="claims">
          <caption>ID token claims</caption>
          <thead>
            <tr><th>Claim</th><th>Value</th></tr>
          </thead>
          <tbody>
            {Object.entries(profile).map(([name, value]) => (
              <tr key={name}><th><code>{name}</code></th><td>{claimText(value)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function ApiCard({ apiBaseUrl, idToken }) {
  const [state, setState] = useState({ busy: true });
  const call = useCallback(() => {
    setState((s) => ({ ...s, busy: true }));
    callMe(apiBaseUrl, idToken).then(
      (data) => setState({ busy: false, data }),
      (error) => setState({ busy: false, error }),
    );
  }, [apiBaseUrl, idToken]);
  useEffect(call, [call]);

  return (
    <section className="card api-me" aria-busy={state.busy}>
      <h2>Your profile, from the API</h2>
      {state.error && <p role="alert">{state.error.message}</p>}
      {state.data && (
        <dl className="api-data">
          {Object.entries(state.data).map(([name, value]) => (
            <div key={name}><dt>{name}</dt><dd>{claimText(value)}</dd></div>
          ))}
        </dl>
      )}
      <button onClick={call} disabled={state.busy}>Call again</button>
    </section>
  );
}
