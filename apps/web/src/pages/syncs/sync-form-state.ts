import type { TSyncSaveRequest, TSyncView } from '@tributary/core';
import {
  columnMappingFormFromView,
  columnMappingInputFromForm,
  emptyColumnMappingForm,
  type ColumnMappingFormState,
} from './column-mapping/column-mapping-form-state.ts';
import {
  destinationFormFromView,
  destinationInputFromForm,
  emptyDestinationForm,
  NO_SECRETS,
  type DestinationFormState,
  type SecretStatus,
} from './destination/destination-form-state.ts';
import {
  emptySourceForm,
  sourceFormFromView,
  sourceInputFromForm,
  type SourceFormState,
} from './source/source-form-state.ts';
import {
  jobSettingsFormFromView,
  jobSettingsInputFromForm,
  type JobSettingsFormState,
} from './sync-actions/job-settings-form-state.ts';

/** Everything the sync editor edits, one part per tab. */
export interface SyncFormState {
  name: string;
  description: string;
  source: SourceFormState;
  destination: DestinationFormState;
  columnMapping: ColumnMappingFormState;
  jobSettings: JobSettingsFormState;
}

/** Which write-only secrets the server holds (shown as stored; a blank field keeps them). */
export interface StoredSecrets {
  destination: SecretStatus;
  isSourcePasswordStored: boolean;
}

export function emptySyncForm(): SyncFormState {
  return {
    name: '',
    description: '',
    source: emptySourceForm(),
    destination: emptyDestinationForm(),
    columnMapping: emptyColumnMappingForm(),
    jobSettings: jobSettingsFormFromView(),
  };
}

export const NO_STORED_SECRETS: StoredSecrets = { destination: NO_SECRETS, isSourcePasswordStored: false };

export function syncFormFromView(view: TSyncView): { form: SyncFormState; secrets: StoredSecrets } {
  const destination = destinationFormFromView(view.destination);
  const source = sourceFormFromView(view.source);
  return {
    form: {
      name: view.name,
      description: view.description,
      source: source.form,
      destination: destination.form,
      columnMapping: columnMappingFormFromView(view.columnMapping),
      jobSettings: jobSettingsFormFromView(view.jobSettings),
    },
    secrets: { destination: destination.secrets, isSourcePasswordStored: source.isPasswordStored },
  };
}

export function syncSaveRequestFromForm(form: SyncFormState): TSyncSaveRequest {
  return {
    name: form.name,
    description: form.description,
    source: sourceInputFromForm(form.source),
    destination: destinationInputFromForm(form.destination),
    columnMapping: columnMappingInputFromForm(form.columnMapping),
    jobSettings: jobSettingsInputFromForm(form.jobSettings),
  };
}
