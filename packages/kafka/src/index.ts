export {
  brokerList,
  buildKafkaConfig,
  buildSaslOptions,
  buildTlsOptions,
  type KafkaClientOptions,
} from './kafka-config.ts';
export { fetchClientCredentialsToken, TokenEndpointError, type ClientCredentials } from './oidc-token.ts';
export { cacheToken } from './token-cache.ts';
export { buildUnsecuredJwt, type BearerToken, type UnsecuredJwtOptions } from './unsecured-jwt.ts';
export { diagnoseConnection, type DiagnoseOptions } from './diagnose/diagnose-connection.ts';
export { DestinationError, type TDestinationErrorCode } from './sink/destination-errors.ts';
export { openKafkaSink, type KafkaSink, type KafkaSinkOptions } from './sink/kafka-sink.ts';
export type { RefusedMessage } from './sink/send-within-limits.ts';
export { UnacknowledgedPartitionsError } from './sink/acknowledgement-guard.ts';
export { KafkaDeliveryError } from './sink/delivery-watch.ts';
