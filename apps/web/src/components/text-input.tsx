import { Field } from './field.tsx';

export interface TextInputProps {
  label: string;
  value: string;
  onChange(value: string): void;
  errors: string[] | undefined;
  isRequired?: boolean;
  help?: string;
  warnings?: string[];
  type?: 'text' | 'url' | 'number';
  placeholder?: string;
}

/** A labelled single-line input; browsers' spell-check and autofill stay out of technical fields. */
export function TextInput({
  label,
  value,
  onChange,
  errors,
  isRequired = false,
  help,
  warnings,
  type = 'text',
  placeholder,
}: TextInputProps) {
  return (
    <Field label={label} isRequired={isRequired} errors={errors} help={help} warnings={warnings}>
      {(props) => (
        <input
          {...props}
          type={type}
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export const SECRET_KEPT = 'Stored (hidden). Leave blank to keep it, or type a new value to replace it.';

/** A write-only secret: never shown, marked as stored, kept when left blank. */
export function SecretInput({
  label,
  isStored,
  ...input
}: Omit<TextInputProps, 'type' | 'isRequired' | 'help' | 'placeholder'> & { isStored: boolean }) {
  return (
    <Field label={label} isRequired={!isStored} errors={input.errors} help={isStored ? SECRET_KEPT : undefined}>
      {(props) => (
        <input
          {...props}
          type="password"
          autoComplete="new-password"
          placeholder={isStored ? '••••••••  (stored)' : ''}
          value={input.value}
          onChange={(event) => input.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
