import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  /** Messages from validation, shown under the control. */
  errors?: string[] | undefined;
  warnings?: string[] | undefined;
  help?: ReactNode;
  isRequired?: boolean;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string;
    'aria-required'?: boolean;
  }) => ReactNode;
}

/** A labelled control with its help, warnings and errors wired for screen readers. */
export function Field({ label, errors = [], warnings = [], help, isRequired = false, children }: FieldProps) {
  const id = useId();
  const describedBy = `${id}-messages`;
  return (
    <div className={errors.length > 0 ? 'field field-invalid' : 'field'}>
      {/* The required star is drawn by CSS so the label's text stays exactly the field's name. */}
      <label htmlFor={id} className={isRequired ? 'is-required' : undefined}>
        {label}
      </label>
      {children({
        id,
        'aria-invalid': errors.length > 0,
        'aria-describedby': describedBy,
        ...(isRequired && { 'aria-required': true }),
      })}
      <div id={describedBy} className="field-messages">
        {help && <p className="field-help">{help}</p>}
        {warnings.map((warning) => (
          <p key={warning} className="field-warning">
            {warning}
          </p>
        ))}
        {errors.map((error) => (
          <p key={error} className="field-error" role="alert">
            {error}
          </p>
        ))}
      </div>
    </div>
  );
}
