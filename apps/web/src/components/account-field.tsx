import type { Ref } from 'react';
import { Field } from './field.tsx';

interface AccountFieldProps {
  label: string;
  type: 'email' | 'text' | 'password';
  /** What the browser's password manager may fill in or offer: `username`, `new-password`, `off`… */
  autoComplete: 'username' | 'name' | 'current-password' | 'new-password' | 'off';
  value: string;
  onChange(value: string): void;
  errors: string[] | undefined;
  isAutoFocused?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/** A required field of a user account (email, name, password) on the sign-in and user forms. */
export function AccountField({
  label,
  type,
  autoComplete,
  value,
  onChange,
  errors,
  isAutoFocused,
  inputRef,
}: AccountFieldProps) {
  return (
    <Field label={label} isRequired errors={errors}>
      {(props) => (
        <input
          {...props}
          ref={inputRef}
          type={type}
          autoComplete={autoComplete}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          autoFocus={isAutoFocused}
        />
      )}
    </Field>
  );
}
