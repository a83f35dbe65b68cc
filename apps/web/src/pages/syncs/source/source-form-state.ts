import type { TSourceFileView, TSourceInput, TSourceType, TSourceView } from '@tributary/core';

export const DELIMITER_CHOICES = [
  { value: ',', label: 'Comma (,)' },
  { value: '\t', label: 'Tab' },
  { value: ';', label: 'Semicolon (;)' },
  { value: '|', label: 'Pipe (|)' },
] as const;

export const OTHER_DELIMITER = 'other';

export const ENCODINGS = [
  { value: 'utf8', label: 'UTF-8' },
  { value: 'utf16le', label: 'UTF-16 LE' },
  { value: 'latin1', label: 'Latin-1 (ISO-8859-1)' },
  { value: 'ascii', label: 'ASCII' },
] as const;
export type Encoding = (typeof ENCODINGS)[number]['value'];

export const SOURCE_TYPE_LABELS: Record<TSourceType, string> = {
  'delimited-file': 'Delimited file (CSV, TSV)',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
};

const DEFAULT_PORTS: Record<'postgresql' | 'mysql', string> = { postgresql: '5432', mysql: '3306' };

/**
 * What the Source tab edits. The fields of every source type are kept while the user switches
 * types; only the chosen type's fields are submitted. Numbers stay text until submitted so a
 * half-typed value is not lost.
 */
export interface SourceFormState {
  type: TSourceType | 'none';
  file: TSourceFileView | null;
  /** One of DELIMITER_CHOICES' values or OTHER_DELIMITER. */
  delimiterChoice: string;
  otherDelimiter: string;
  quote: string;
  escape: string;
  hasHeaderRow: boolean;
  encoding: Encoding;
  skipLines: string;
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  useSsl: boolean;
  readsFrom: 'table' | 'query';
  table: string;
  query: string;
}

export function emptySourceForm(): SourceFormState {
  return {
    type: 'none',
    file: null,
    delimiterChoice: ',',
    otherDelimiter: '',
    quote: '"',
    escape: '"',
    hasHeaderRow: true,
    encoding: 'utf8',
    skipLines: '0',
    host: '',
    port: '',
    database: '',
    user: '',
    password: '',
    useSsl: false,
    readsFrom: 'table',
    table: '',
    query: '',
  };
}

/** Switches the source type, moving the port to the new database's default unless the user chose one. */
export function withSourceType(form: SourceFormState, type: SourceFormState['type']): SourceFormState {
  const isDefaultPort = form.port === '' || Object.values(DEFAULT_PORTS).includes(form.port);
  const port = (type === 'postgresql' || type === 'mysql') && isDefaultPort ? DEFAULT_PORTS[type] : form.port;
  return { ...form, type, port };
}

export function sourceFormFromView(view: TSourceView | null): { form: SourceFormState; isPasswordStored: boolean } {
  const form = emptySourceForm();
  if (!view) return { form, isPasswordStored: false };
  if (view.type === 'delimited-file') {
    const isKnown = DELIMITER_CHOICES.some((choice) => choice.value === view.delimiter);
    return {
      form: {
        ...form,
        type: view.type,
        file: view.file,
        delimiterChoice: isKnown ? view.delimiter : OTHER_DELIMITER,
        otherDelimiter: isKnown ? '' : view.delimiter,
        quote: view.quote,
        escape: view.escape,
        hasHeaderRow: view.hasHeaderRow,
        encoding: view.encoding,
        skipLines: String(view.skipLines),
      },
      isPasswordStored: false,
    };
  }
  return {
    form: {
      ...form,
      type: view.type,
      host: view.host,
      port: String(view.port),
      database: view.database,
      user: view.user,
      useSsl: view.useSsl,
      readsFrom: view.query ? 'query' : 'table',
      table: view.table ?? '',
      query: view.query ?? '',
    },
    isPasswordStored: view.password.isSet,
  };
}

/** The API input for the chosen type (null for no source); a blank password keeps the stored one. */
export function sourceInputFromForm(form: SourceFormState): TSourceInput | null {
  switch (form.type) {
    case 'none':
      return null;
    case 'delimited-file':
      return {
        type: 'delimited-file',
        fileId: form.file?.fileId ?? '',
        delimiter: form.delimiterChoice === OTHER_DELIMITER ? form.otherDelimiter : form.delimiterChoice,
        quote: form.quote,
        escape: form.escape,
        hasHeaderRow: form.hasHeaderRow,
        encoding: form.encoding,
        skipLines: toNumber(form.skipLines),
      };
    case 'postgresql':
    case 'mysql':
      return {
        type: form.type,
        host: form.host,
        port: form.port as unknown as number,
        database: form.database,
        user: form.user,
        password: form.password.trim() === '' ? undefined : form.password,
        useSsl: form.useSsl,
        ...(form.readsFrom === 'table' ? { table: form.table } : { query: form.query }),
      };
  }
}

/** Blank means the default (0); the input is type=number, so other text is a number. */
const toNumber = (text: string): number => (text.trim() === '' ? 0 : Number(text));
