import { toFieldIssues, ZSourceInputSchema, type TSourceInput } from '@tributary/core';
import { groupFieldIssues, type FieldErrors } from '../../../components/field-errors.ts';
import { sourceInputFromForm, type SourceFormState } from './source-form-state.ts';

/** The source to send, or the Source tab's field errors when it would be rejected. */
export function checkSource(form: SourceFormState): { source: TSourceInput } | { errors: FieldErrors } {
  const source = sourceInputFromForm(form);
  if (!source) return { errors: { type: ['Choose a source type'] } };
  const checked = ZSourceInputSchema.safeParse(source);
  return checked.success ? { source } : { errors: groupFieldIssues(toFieldIssues(checked.error)) };
}
