import {
  DEFAULT_SASL_MECHANISM,
  type TKafkaDestinationInput,
  type TKafkaDestinationView,
  type TKafkaSecretField,
  type TSaslMechanism,
} from '@tributary/core';

/**
 * What the Destination tab edits. Every mechanism's fields are kept while the user switches
 * between mechanisms; only the chosen mechanism's fields are submitted.
 */
export interface DestinationFormState {
  bootstrapServers: string;
  topic: string;
  ssl: {
    isEnabled: boolean;
    caCertificate: string;
    clientCertificate: string;
    clientKey: string;
    skipVerification: boolean;
  };
  sasl: {
    mechanism: TSaslMechanism;
    username: string;
    password: string;
    principal: string;
    scope: string;
    lifetimeSeconds: string;
    tokenEndpointUrl: string;
    clientId: string;
    clientSecret: string;
    extensions: Array<{ key: string; value: string }>;
  };
}

/** Which secrets the server already holds (shown as "set"; a blank field keeps them). */
export type SecretStatus = Record<TKafkaSecretField, boolean>;

export const NO_SECRETS: SecretStatus = { 'ssl.clientKey': false, 'sasl.password': false, 'sasl.clientSecret': false };

export function emptyDestinationForm(): DestinationFormState {
  return {
    bootstrapServers: '',
    topic: '',
    ssl: { isEnabled: false, caCertificate: '', clientCertificate: '', clientKey: '', skipVerification: false },
    sasl: {
      mechanism: DEFAULT_SASL_MECHANISM,
      username: '',
      password: '',
      principal: '',
      scope: '',
      lifetimeSeconds: '3600',
      tokenEndpointUrl: '',
      clientId: '',
      clientSecret: '',
      extensions: [],
    },
  };
}

export function destinationFormFromView(view: TKafkaDestinationView): {
  form: DestinationFormState;
  secrets: SecretStatus;
} {
  const form = emptyDestinationForm();
  form.bootstrapServers = view.bootstrapServers;
  form.topic = view.topic;
  form.ssl = {
    ...form.ssl,
    isEnabled: view.ssl.isEnabled,
    caCertificate: view.ssl.caCertificate ?? '',
    clientCertificate: view.ssl.clientCertificate ?? '',
    skipVerification: view.ssl.skipVerification,
  };
  const sasl = view.sasl;
  form.sasl.mechanism = sasl.mechanism;
  if ('username' in sasl) form.sasl.username = sasl.username;
  if (sasl.mechanism === 'OAUTHBEARER') {
    Object.assign(form.sasl, {
      principal: sasl.principal,
      scope: sasl.scope ?? '',
      lifetimeSeconds: String(sasl.lifetimeSeconds),
      extensions: sasl.extensions,
    });
  }
  if (sasl.mechanism === 'OAUTHBEARER_OIDC') {
    Object.assign(form.sasl, {
      tokenEndpointUrl: sasl.tokenEndpointUrl,
      clientId: sasl.clientId,
      scope: sasl.scope ?? '',
      extensions: sasl.extensions,
    });
  }
  const secrets: SecretStatus = {
    'ssl.clientKey': view.ssl.clientKey.isSet,
    'sasl.password': 'password' in sasl ? sasl.password.isSet : false,
    'sasl.clientSecret': 'clientSecret' in sasl ? sasl.clientSecret.isSet : false,
  };
  return { form, secrets };
}

/** The API input for the chosen mechanism; blank secrets are left out so stored ones are kept. */
export function destinationInputFromForm(form: DestinationFormState): TKafkaDestinationInput {
  const { sasl, ssl } = form;
  const secret = (value: string) => (value.trim() === '' ? undefined : value);
  const extensions = sasl.extensions.filter((extension) => extension.key !== '' || extension.value !== '');
  const saslInput = ((): TKafkaDestinationInput['sasl'] => {
    switch (sasl.mechanism) {
      case 'NONE':
        return { mechanism: 'NONE' };
      case 'PLAIN':
      case 'SCRAM-SHA-256':
      case 'SCRAM-SHA-512':
        return { mechanism: sasl.mechanism, username: sasl.username, password: secret(sasl.password) };
      case 'OAUTHBEARER':
        return {
          mechanism: 'OAUTHBEARER',
          principal: sasl.principal,
          scope: sasl.scope,
          lifetimeSeconds: sasl.lifetimeSeconds as unknown as number,
          extensions,
        };
      case 'OAUTHBEARER_OIDC':
        return {
          mechanism: 'OAUTHBEARER_OIDC',
          tokenEndpointUrl: sasl.tokenEndpointUrl,
          clientId: sasl.clientId,
          clientSecret: secret(sasl.clientSecret),
          scope: sasl.scope,
          extensions,
        };
    }
  })();
  return {
    type: 'kafka-topic',
    bootstrapServers: form.bootstrapServers,
    topic: form.topic,
    ssl: ssl.isEnabled
      ? {
          isEnabled: true,
          caCertificate: ssl.caCertificate,
          clientCertificate: ssl.clientCertificate,
          clientKey: secret(ssl.clientKey),
          skipVerification: ssl.skipVerification,
        }
      : { isEnabled: false, skipVerification: false },
    sasl: saslInput,
  };
}
