import { DEFAULT_JOB_SETTINGS, type TJobSettings, type TSyncSaveRequest } from '@tributary/core';

/** Numbers stay text while typed; a blank Error Limit means no limit. */
export interface JobSettingsFormState {
  compression: TJobSettings['compression'];
  errorLimit: string;
  batchSize: string;
}

export function jobSettingsFormFromView(view: TJobSettings = DEFAULT_JOB_SETTINGS): JobSettingsFormState {
  return {
    compression: view.compression,
    errorLimit: view.errorLimit === null ? '' : String(view.errorLimit),
    batchSize: String(view.batchSize),
  };
}

export function jobSettingsInputFromForm(form: JobSettingsFormState): NonNullable<TSyncSaveRequest['jobSettings']> {
  return {
    compression: form.compression,
    errorLimit: form.errorLimit.trim() === '' ? null : Number(form.errorLimit),
    batchSize: form.batchSize.trim() === '' ? DEFAULT_JOB_SETTINGS.batchSize : Number(form.batchSize),
  };
}
