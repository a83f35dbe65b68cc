import { CONNECTION_TEST_STEP_LABELS, type TConnectionTestStep } from '@tributary/core';

const STATUS_LABELS: Record<TConnectionTestStep['status'], string> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  warning: 'warning',
};

/** The steps of one connection test, in order, with their timings and what each found. */
export function ConnectionTestSteps({ steps }: { steps: TConnectionTestStep[] }) {
  return (
    <ol className="test-steps">
      {steps.map((step) => (
        <li key={step.step} className={`test-step test-step-${step.status}`} data-testid={`step-${step.step}`}>
          <span className="test-step-name">{CONNECTION_TEST_STEP_LABELS[step.step]}</span>
          <span className="test-step-status">{STATUS_LABELS[step.status]}</span>
          <span className="test-step-duration">{step.durationMs} ms</span>
          <span className="test-step-detail">
            {step.detail}
            {step.errorCode && <code className="error-code">{step.errorCode}</code>}
          </span>
        </li>
      ))}
    </ol>
  );
}
