import {
  DESTINATION_TYPE_LABELS,
  SASL_MECHANISM_LABELS,
  SASL_MECHANISMS,
  topicNameWarnings,
  type TSaslMechanism,
} from '@tributary/core';
import type { ChangeEvent } from 'react';
import { Field } from '../../../components/field.tsx';
import { SECRET_KEPT, SecretInput, TextInput } from '../../../components/text-input.tsx';
import type { FieldErrors } from '../../../components/field-errors.ts';
import type { DestinationFormState, SecretStatus } from './destination-form-state.ts';

interface DestinationFormProps {
  form: DestinationFormState;
  secrets: SecretStatus;
  errors: FieldErrors;
  onChange(form: DestinationFormState): void;
}

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
  const { sasl, ssl } = form;
  const usesPassword =
    sasl.mechanism === 'PLAIN' || sasl.mechanism === 'SCRAM-SHA-256' || sasl.mechanism === 'SCRAM-SHA-512';
  const usesOAuth = sasl.mechanism === 'OAUTHBEARER' || sasl.mechanism === 'OAUTHBEARER_OIDC';
  const saslText = (
    label: string,
    key: 'username' | 'principal' | 'tokenEndpointUrl' | 'clientId' | 'scope' | 'lifetimeSeconds',
  ) => ({
    label,
    value: sasl[key],
    onChange: (value: string) => setSasl({ [key]: value }),
    errors: errors[`sasl.${key}`],
  });

  return (
    <div className="form-grid">
      <Field label="Destination" isRequired errors={errors.type}>
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
      <TextInput
        label="Bootstrap Servers"
        isRequired
        value={form.bootstrapServers}
        onChange={(bootstrapServers) => set({ bootstrapServers })}
        errors={errors.bootstrapServers}
        help="Comma-separated host or host:port (default port 9092), e.g. broker1:9092,broker2:9092. IPv6 in brackets: [::1]:9092."
      />
      <TextInput
        label="Topic Name"
        isRequired
        value={form.topic}
        onChange={(topic) => set({ topic })}
        errors={errors.topic}
        warnings={topicNameWarnings(form.topic)}
      />

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
              errors={errors['ssl.caCertificate']}
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
              errors={errors['ssl.clientCertificate']}
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
              errors={errors['ssl.clientKey']}
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

        <Field label="SASL Mechanism" isRequired errors={errors['sasl.mechanism']}>
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
            <TextInput {...saslText('Username', 'username')} isRequired />
            <SecretInput
              label="Password"
              isStored={secrets['sasl.password']}
              value={sasl.password}
              onChange={(password) => setSasl({ password })}
              errors={errors['sasl.password']}
            />
          </>
        )}

        {sasl.mechanism === 'OAUTHBEARER' && (
          <>
            <p className="muted">
              The client builds an unsecured token (alg: none) itself. Only brokers configured for unsecured tokens
              accept it (development clusters).
            </p>
            <TextInput {...saslText('Principal Name', 'principal')} isRequired />
            <TextInput
              {...saslText('Token Lifetime (seconds)', 'lifetimeSeconds')}
              type="number"
              help="Renewed before it expires."
            />
          </>
        )}

        {sasl.mechanism === 'OAUTHBEARER_OIDC' && (
          <>
            <TextInput
              {...saslText('Token Endpoint URL', 'tokenEndpointUrl')}
              type="url"
              isRequired
              help="Client-credentials grant; the token is cached and refreshed before it expires."
            />
            <TextInput {...saslText('Client ID', 'clientId')} isRequired />
            <SecretInput
              label="Client Secret"
              isStored={secrets['sasl.clientSecret']}
              value={sasl.clientSecret}
              onChange={(clientSecret) => setSasl({ clientSecret })}
              errors={errors['sasl.clientSecret']}
            />
          </>
        )}

        {usesOAuth && (
          <>
            <TextInput {...saslText('Scope', 'scope')} help="Optional, space-separated." />
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
