import {
  DESTINATION_TYPE_LABELS,
  SASL_MECHANISM_LABELS,
  SASL_MECHANISMS,
  topicNameWarnings,
  type TSaslMechanism,
} from '@tributary/core';
import type { ChangeEvent } from 'react';
import { Field } from '../../../components/field.tsx';
import type { FieldErrors } from '../../../components/field-errors.ts';
import type { DestinationFormState, SecretStatus } from './destination-form-state.ts';

interface DestinationFormProps {
  form: DestinationFormState;
  secrets: SecretStatus;
  errors: FieldErrors;
  onChange(form: DestinationFormState): void;
}

const SECRET_KEPT = 'Stored (hidden). Leave blank to keep it, or type a new value to replace it.';

function PemInput({
  value,
  onChange,
  id,
  placeholder,
  ...aria
}: {
  value: string;
  onChange(value: string): void;
  id: string;
  placeholder: string;
}) {
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) onChange(await file.text());
  };
  return (
    <div className="pem-input">
      <textarea
        id={id}
        rows={4}
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
        {...aria}
      />
      <label className="file-button">
        Upload file…
        <input type="file" accept=".pem,.crt,.cer,.key,text/plain" onChange={(event) => void readFile(event)} />
      </label>
    </div>
  );
}

export function DestinationForm({ form, secrets, errors, onChange }: DestinationFormProps) {
  const set = (patch: Partial<DestinationFormState>) => onChange({ ...form, ...patch });
  const setSsl = (patch: Partial<DestinationFormState['ssl']>) => set({ ssl: { ...form.ssl, ...patch } });
  const setSasl = (patch: Partial<DestinationFormState['sasl']>) => set({ sasl: { ...form.sasl, ...patch } });
  const errorsFor = (field: string) => errors[field];
  const { sasl, ssl } = form;
  const usesPassword =
    sasl.mechanism === 'PLAIN' || sasl.mechanism === 'SCRAM-SHA-256' || sasl.mechanism === 'SCRAM-SHA-512';
  const usesOAuth = sasl.mechanism === 'OAUTHBEARER' || sasl.mechanism === 'OAUTHBEARER_OIDC';

  return (
    <div className="form-grid">
      <Field label="Destination" isRequired errors={errorsFor('type')}>
        {(props) => (
          <select {...props} value="kafka-topic" disabled>
            {Object.entries(DESTINATION_TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>

      <Field
        label="Bootstrap Servers"
        isRequired
        errors={errorsFor('bootstrapServers')}
        help="Comma-separated host or host:port (default port 9092), e.g. broker1:9092,broker2:9092. IPv6 in brackets: [::1]:9092."
      >
        {(props) => (
          <input
            {...props}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={form.bootstrapServers}
            onChange={(event) => set({ bootstrapServers: event.target.value })}
          />
        )}
      </Field>

      <Field label="Topic Name" isRequired errors={errorsFor('topic')} warnings={topicNameWarnings(form.topic)}>
        {(props) => (
          <input
            {...props}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={form.topic}
            onChange={(event) => set({ topic: event.target.value })}
          />
        )}
      </Field>

      <fieldset className="fieldset">
        <legend>Security</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={ssl.isEnabled}
            onChange={(event) => setSsl({ isEnabled: event.target.checked })}
          />
          Use SSL (TLS to the brokers)
        </label>
        {ssl.isEnabled && (
          <>
            <Field
              label="CA Certificate (PEM)"
              errors={errorsFor('ssl.caCertificate')}
              help="Leave blank when the brokers' certificates are signed by a public CA."
            >
              {(props) => (
                <PemInput
                  {...props}
                  placeholder="-----BEGIN CERTIFICATE-----"
                  value={ssl.caCertificate}
                  onChange={(caCertificate) => setSsl({ caCertificate })}
                />
              )}
            </Field>
            <Field
              label="Client Certificate (PEM)"
              errors={errorsFor('ssl.clientCertificate')}
              help="For mutual TLS only."
            >
              {(props) => (
                <PemInput
                  {...props}
                  placeholder="-----BEGIN CERTIFICATE-----"
                  value={ssl.clientCertificate}
                  onChange={(clientCertificate) => setSsl({ clientCertificate })}
                />
              )}
            </Field>
            <Field
              label="Client Private Key (PEM)"
              errors={errorsFor('ssl.clientKey')}
              help={
                secrets['ssl.clientKey'] ? SECRET_KEPT : 'For mutual TLS only. Stored encrypted and never shown again.'
              }
            >
              {(props) => (
                <PemInput
                  {...props}
                  placeholder={secrets['ssl.clientKey'] ? '(stored)' : '-----BEGIN PRIVATE KEY-----'}
                  value={ssl.clientKey}
                  onChange={(clientKey) => setSsl({ clientKey })}
                />
              )}
            </Field>
            <label className="checkbox danger">
              <input
                type="checkbox"
                checked={ssl.skipVerification}
                onChange={(event) => setSsl({ skipVerification: event.target.checked })}
              />
              Skip certificate verification
            </label>
            {ssl.skipVerification && (
              <p className="warning-box" role="alert">
                Any server can pretend to be your cluster: traffic is encrypted but the broker is not authenticated. Use
                only for testing.
              </p>
            )}
          </>
        )}

        <Field label="SASL Mechanism" isRequired errors={errorsFor('sasl.mechanism')}>
          {(props) => (
            <select
              {...props}
              value={sasl.mechanism}
              onChange={(event) => setSasl({ mechanism: event.target.value as TSaslMechanism })}
            >
              {SASL_MECHANISMS.map((mechanism) => (
                <option key={mechanism} value={mechanism}>
                  {SASL_MECHANISM_LABELS[mechanism]}
                </option>
              ))}
            </select>
          )}
        </Field>

        {usesPassword && (
          <>
            <Field label="Username" isRequired errors={errorsFor('sasl.username')}>
              {(props) => (
                <input
                  {...props}
                  type="text"
                  autoComplete="off"
                  value={sasl.username}
                  onChange={(event) => setSasl({ username: event.target.value })}
                />
              )}
            </Field>
            <Field
              label="Password"
              isRequired={!secrets['sasl.password']}
              errors={errorsFor('sasl.password')}
              help={secrets['sasl.password'] ? SECRET_KEPT : undefined}
            >
              {(props) => (
                <input
                  {...props}
                  type="password"
                  autoComplete="new-password"
                  placeholder={secrets['sasl.password'] ? '••••••••  (stored)' : ''}
                  value={sasl.password}
                  onChange={(event) => setSasl({ password: event.target.value })}
                />
              )}
            </Field>
          </>
        )}

        {sasl.mechanism === 'OAUTHBEARER' && (
          <>
            <p className="muted">
              The client builds an unsecured token (alg: none) itself. Only brokers configured for unsecured tokens
              accept it (development clusters).
            </p>
            <Field label="Principal Name" isRequired errors={errorsFor('sasl.principal')}>
              {(props) => (
                <input
                  {...props}
                  type="text"
                  autoComplete="off"
                  value={sasl.principal}
                  onChange={(event) => setSasl({ principal: event.target.value })}
                />
              )}
            </Field>
            <Field
              label="Token Lifetime (seconds)"
              errors={errorsFor('sasl.lifetimeSeconds')}
              help="Renewed before it expires."
            >
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={60}
                  max={86400}
                  value={sasl.lifetimeSeconds}
                  onChange={(event) => setSasl({ lifetimeSeconds: event.target.value })}
                />
              )}
            </Field>
          </>
        )}

        {sasl.mechanism === 'OAUTHBEARER_OIDC' && (
          <>
            <Field
              label="Token Endpoint URL"
              isRequired
              errors={errorsFor('sasl.tokenEndpointUrl')}
              help="Client-credentials grant; the token is cached and refreshed before it expires."
            >
              {(props) => (
                <input
                  {...props}
                  type="url"
                  autoComplete="off"
                  value={sasl.tokenEndpointUrl}
                  onChange={(event) => setSasl({ tokenEndpointUrl: event.target.value })}
                />
              )}
            </Field>
            <Field label="Client ID" isRequired errors={errorsFor('sasl.clientId')}>
              {(props) => (
                <input
                  {...props}
                  type="text"
                  autoComplete="off"
                  value={sasl.clientId}
                  onChange={(event) => setSasl({ clientId: event.target.value })}
                />
              )}
            </Field>
            <Field
              label="Client Secret"
              isRequired={!secrets['sasl.clientSecret']}
              errors={errorsFor('sasl.clientSecret')}
              help={secrets['sasl.clientSecret'] ? SECRET_KEPT : undefined}
            >
              {(props) => (
                <input
                  {...props}
                  type="password"
                  autoComplete="new-password"
                  placeholder={secrets['sasl.clientSecret'] ? '••••••••  (stored)' : ''}
                  value={sasl.clientSecret}
                  onChange={(event) => setSasl({ clientSecret: event.target.value })}
                />
              )}
            </Field>
          </>
        )}

        {usesOAuth && (
          <>
            <Field label="Scope" errors={errorsFor('sasl.scope')} help="Optional, space-separated.">
              {(props) => (
                <input
                  {...props}
                  type="text"
                  autoComplete="off"
                  value={sasl.scope}
                  onChange={(event) => setSasl({ scope: event.target.value })}
                />
              )}
            </Field>
            <ExtensionsEditor
              extensions={sasl.extensions}
              errors={errors}
              onChange={(extensions) => setSasl({ extensions })}
            />
          </>
        )}
      </fieldset>
    </div>
  );
}

function ExtensionsEditor({
  extensions,
  errors,
  onChange,
}: {
  extensions: Array<{ key: string; value: string }>;
  errors: FieldErrors;
  onChange(extensions: Array<{ key: string; value: string }>): void;
}) {
  const update = (index: number, patch: Partial<{ key: string; value: string }>) =>
    onChange(extensions.map((extension, i) => (i === index ? { ...extension, ...patch } : extension)));
  return (
    <fieldset className="fieldset extensions">
      <legend>SASL Extensions</legend>
      <p className="muted">Key=value pairs sent with the token, e.g. logicalCluster, identityPoolId.</p>
      {extensions.map((extension, index) => (
        <div className="extension-row" key={index}>
          <Field label={`Extension ${index + 1} key`} errors={errors[`sasl.extensions.${index}.key`]}>
            {(props) => (
              <input
                {...props}
                type="text"
                value={extension.key}
                onChange={(event) => update(index, { key: event.target.value })}
              />
            )}
          </Field>
          <Field label={`Extension ${index + 1} value`} errors={errors[`sasl.extensions.${index}.value`]}>
            {(props) => (
              <input
                {...props}
                type="text"
                value={extension.value}
                onChange={(event) => update(index, { value: event.target.value })}
              />
            )}
          </Field>
          <button
            type="button"
            className="link-button"
            onClick={() => onChange(extensions.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...extensions, { key: '', value: '' }])}>
        Add extension
      </button>
    </fieldset>
  );
}
