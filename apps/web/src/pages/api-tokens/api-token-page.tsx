import type { TApiTokenCreated, TApiTokenView } from '@tributary/core';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { ConfirmBar } from '../../components/confirm-bar.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatShortDateTime } from '../../components/format.ts';
import { ApiTokenCreateForm } from './api-token-create-form.tsx';
import { NewTokenNotice } from './new-token-notice.tsx';

function When({ iso, empty }: { iso: string | null; empty: string }) {
  return iso ? <time dateTime={iso}>{formatShortDateTime(iso)}</time> : <span className="muted">{empty}</span>;
}

/** The signed-in user's tokens for scripts and the CLI: they act as this user, with their role and permissions. */
export function ApiTokenPage() {
  const [tokens, setTokens] = useState<TApiTokenView[]>();
  const [loadError, setLoadError] = useState<string>();
  const [created, setCreated] = useState<TApiTokenCreated>();
  const [revoking, setRevoking] = useState<TApiTokenView>();
  const [outcome, setOutcome] = useState<{ isError: boolean; message: string }>();

  useEffect(() => {
    api.apiTokens().then(
      (answer) => setTokens(answer.tokens),
      (failure: unknown) => setLoadError(errorMessage(failure)),
    );
  }, []);

  const revoke = async (token: TApiTokenView) => {
    try {
      await api.revokeApiToken(token.id);
      setTokens((current) => current?.filter((other) => other.id !== token.id));
      setOutcome({ isError: false, message: `Revoked “${token.name}”: requests with it are refused from now on.` });
    } catch (error) {
      setOutcome({ isError: true, message: `${token.name}: ${errorMessage(error)}` });
    }
    setRevoking(undefined);
  };

  const isExpired = (token: TApiTokenView) => token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();

  return (
    <section aria-labelledby="api-tokens-title">
      <div className="page-header">
        <h1 id="api-tokens-title">API tokens</h1>
      </div>
      <div className="help-box">
        <p>
          A token lets a script or <code>pnpm tributary export|apply</code> use the API as you, with your role and your
          permissions on each data sync. Revoke a token you no longer use; disabling your account stops them all.
        </p>
      </div>
      {created && (
        <NewTokenNotice name={created.apiToken.name} token={created.token} onDismiss={() => setCreated(undefined)} />
      )}
      <ErrorAlert message={loadError} />
      {!tokens && !loadError && <p aria-busy="true">Loading…</p>}
      <div role="status" className="save-status">
        {outcome && <span className={outcome.isError ? 'error' : undefined}>{outcome.message}</span>}
      </div>
      {revoking && (
        <ConfirmBar
          question={`Revoke “${revoking.name}” (${revoking.hint})? Scripts using it stop working at once.`}
          confirmLabel="Revoke token"
          onConfirm={() => revoke(revoking)}
          onCancel={() => setRevoking(undefined)}
        />
      )}
      {tokens?.length === 0 && <p className="muted">You have no API tokens.</p>}
      {tokens && tokens.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} className={isExpired(token) ? 'row-disabled' : undefined}>
                  <th scope="row">{token.name}</th>
                  <td>
                    <code>{token.hint}</code>
                  </td>
                  <td>
                    <When iso={token.createdAt} empty="" />
                  </td>
                  <td>
                    <When iso={token.lastUsedAt} empty="Never" />
                  </td>
                  <td>{isExpired(token) ? 'Expired' : <When iso={token.expiresAt} empty="Never" />}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="secondary" onClick={() => setRevoking(token)}>
                        Revoke <span className="visually-hidden">{token.name}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ApiTokenCreateForm
        onCreated={(answer) => {
          setCreated(answer);
          setOutcome(undefined);
          setTokens((current) => [answer.apiToken, ...(current ?? [])]);
        }}
      />
    </section>
  );
}
