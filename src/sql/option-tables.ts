/**
 * Every option list of the dialect, declared once. Names, kinds and meanings follow Materialize's
 * documentation (CREATE CONNECTION, CREATE SOURCE: Kafka, CREATE SINK: Kafka, CREATE CLUSTER,
 * SUBSCRIBE); `allowed` lists are checked at parse time, everything else in the planner (see
 * option-spec.ts). Options Materialize has but sluice does not implement (AWS PRIVATELINK,
 * SSH TUNNEL, PARTITION BY, TOPIC CONFIG, ...) are deliberately absent, so using one is an
 * "unknown option" error that lists what is available.
 */
import { defineOptionTable, type OptionName } from './option-spec.ts';

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export const COMPRESSION_TYPES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

export const KAFKA_CONNECTION_OPTIONS = defineOptionTable('Kafka connection', [
  { name: 'BROKER', kind: 'string', description: 'The broker to bootstrap from, as host:port.' },
  { name: 'BROKERS', kind: 'string_list', description: 'Several bootstrap brokers, each host:port.' },
  {
    name: 'SECURITY PROTOCOL',
    kind: 'string',
    allowed: SECURITY_PROTOCOLS,
    description: 'How to talk to the brokers. Default: derived from the SASL and SSL options.',
  },
  {
    name: 'SASL MECHANISMS',
    kind: 'string',
    allowed: SASL_MECHANISMS,
    description: 'The SASL mechanism to authenticate with.',
  },
  { name: 'SASL USERNAME', kind: 'text_or_secret', description: 'The SASL username.' },
  { name: 'SASL PASSWORD', kind: 'secret', description: 'The SASL password.' },
  {
    name: 'SSL CERTIFICATE AUTHORITY',
    kind: 'text_or_secret',
    description: 'PEM CA certificate for the brokers.',
  },
  {
    name: 'SSL CERTIFICATE',
    kind: 'text_or_secret',
    description: 'PEM client certificate for TLS authentication.',
  },
  { name: 'SSL KEY', kind: 'secret', description: 'PEM private key of the client certificate.' },
  {
    name: 'PROGRESS TOPIC',
    kind: 'string',
    description: 'The topic where sinks record their progress. Default: derived from the connection.',
  },
] as const);

export const CSR_CONNECTION_OPTIONS = defineOptionTable('Confluent Schema Registry connection', [
  { name: 'URL', kind: 'string', description: 'The schema registry URL.' },
  { name: 'USERNAME', kind: 'text_or_secret', description: 'The HTTP basic authentication username.' },
  { name: 'PASSWORD', kind: 'secret', description: 'The HTTP basic authentication password.' },
  {
    name: 'SSL CERTIFICATE AUTHORITY',
    kind: 'text_or_secret',
    description: 'PEM CA certificate for the registry.',
  },
  {
    name: 'SSL CERTIFICATE',
    kind: 'text_or_secret',
    description: 'PEM client certificate for TLS authentication.',
  },
  { name: 'SSL KEY', kind: 'secret', description: 'PEM private key of the client certificate.' },
] as const);

export const CONNECTION_WITH_OPTIONS = defineOptionTable('CREATE CONNECTION WITH', [
  {
    name: 'VALIDATE',
    kind: 'boolean',
    default: true,
    description: 'Whether to check that the connection works before creating it.',
  },
] as const);

export const KAFKA_SOURCE_OPTIONS = defineOptionTable('Kafka source', [
  { name: 'TOPIC', kind: 'string', description: 'The topic to read.' },
  { name: 'GROUP ID PREFIX', kind: 'string', description: 'Prefix of the consumer group id.' },
  {
    name: 'START OFFSET',
    kind: 'integer_list',
    description: 'Offset to start at, per partition (the first value is for partition 0).',
  },
  {
    name: 'START TIMESTAMP',
    kind: 'integer',
    description:
      'Start at the first offset at or after this time (ms since the epoch; negative: relative to now).',
  },
] as const);

export const SOURCE_WITH_OPTIONS = defineOptionTable('CREATE SOURCE WITH', [
  { name: 'SIZE', kind: 'string', description: 'The resource profile of the process ingesting the source.' },
] as const);

export const KAFKA_SINK_OPTIONS = defineOptionTable('Kafka sink', [
  { name: 'TOPIC', kind: 'string', description: 'The topic to write to.' },
  {
    name: 'COMPRESSION TYPE',
    kind: 'word',
    allowed: COMPRESSION_TYPES,
    default: 'none',
    description: 'Compression of produced batches.',
  },
  {
    name: 'TRANSACTIONAL ID PREFIX',
    kind: 'string',
    description: 'Prefix of the transactional producer id.',
  },
  {
    name: 'PROGRESS GROUP ID PREFIX',
    kind: 'string',
    description: 'Prefix of the progress consumer group id.',
  },
  {
    name: 'TOPIC PARTITION COUNT',
    kind: 'integer',
    description: 'Partitions of the topic, if sluice creates it.',
  },
  {
    name: 'TOPIC REPLICATION FACTOR',
    kind: 'integer',
    description: 'Replication factor of the topic, if sluice creates it.',
  },
] as const);

export const CSR_SINK_FORMAT_OPTIONS = defineOptionTable('Avro sink format', [
  {
    name: 'AVRO KEY FULLNAME',
    kind: 'string',
    default: 'row',
    description: 'Full name of the generated key schema; requires AVRO VALUE FULLNAME.',
  },
  {
    name: 'AVRO VALUE FULLNAME',
    kind: 'string',
    default: 'envelope',
    description: 'Full name of the generated value schema.',
  },
  {
    name: 'NULL DEFAULTS',
    kind: 'boolean',
    default: false,
    description: 'Give every nullable field a default of null.',
  },
] as const);

export const SINK_WITH_OPTIONS = defineOptionTable('CREATE SINK WITH', [
  {
    name: 'SNAPSHOT',
    kind: 'boolean',
    default: true,
    description: 'Whether to emit the current contents before the changes that follow.',
  },
  {
    name: 'SIZE',
    kind: 'string',
    description: 'The resource profile of the sink process. Required unless IN CLUSTER is given.',
  },
] as const);

export const ALTER_SINK_OPTIONS = defineOptionTable('ALTER SINK SET', [
  { name: 'SIZE', kind: 'string', description: 'The new resource profile of the sink process.' },
] as const);

export const CLUSTER_OPTIONS = defineOptionTable('cluster', [
  { name: 'SIZE', kind: 'string', description: 'The resource profile of each replica.' },
  { name: 'REPLICATION FACTOR', kind: 'integer', default: 1, description: 'The number of replicas.' },
] as const);

export const SUBSCRIBE_OPTIONS = defineOptionTable('SUBSCRIBE WITH', [
  {
    name: 'SNAPSHOT',
    kind: 'boolean',
    default: true,
    description: 'Whether to emit the current contents before the changes that follow.',
  },
  {
    name: 'PROGRESS',
    kind: 'boolean',
    default: false,
    description: 'Whether to emit progress rows when time advances without changes.',
  },
] as const);

export type KafkaConnectionOptionName = OptionName<typeof KAFKA_CONNECTION_OPTIONS>;
export type CsrConnectionOptionName = OptionName<typeof CSR_CONNECTION_OPTIONS>;
export type ConnectionWithOptionName = OptionName<typeof CONNECTION_WITH_OPTIONS>;
export type KafkaSourceOptionName = OptionName<typeof KAFKA_SOURCE_OPTIONS>;
export type SourceWithOptionName = OptionName<typeof SOURCE_WITH_OPTIONS>;
export type KafkaSinkOptionName = OptionName<typeof KAFKA_SINK_OPTIONS>;
export type CsrSinkFormatOptionName = OptionName<typeof CSR_SINK_FORMAT_OPTIONS>;
export type SinkWithOptionName = OptionName<typeof SINK_WITH_OPTIONS>;
export type AlterSinkOptionName = OptionName<typeof ALTER_SINK_OPTIONS>;
export type ClusterOptionName = OptionName<typeof CLUSTER_OPTIONS>;
export type SubscribeOptionName = OptionName<typeof SUBSCRIBE_OPTIONS>;

/** Every table, for help screens and for redaction (which looks for `secret`-kind options). */
export const ALL_OPTION_TABLES = [
  KAFKA_CONNECTION_OPTIONS,
  CSR_CONNECTION_OPTIONS,
  CONNECTION_WITH_OPTIONS,
  KAFKA_SOURCE_OPTIONS,
  SOURCE_WITH_OPTIONS,
  KAFKA_SINK_OPTIONS,
  CSR_SINK_FORMAT_OPTIONS,
  SINK_WITH_OPTIONS,
  ALTER_SINK_OPTIONS,
  CLUSTER_OPTIONS,
  SUBSCRIBE_OPTIONS,
] as const;
