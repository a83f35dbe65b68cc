import { useState } from 'react';

interface ConfirmBarProps {
  question: string;
  confirmLabel: string;
  onConfirm(): Promise<void>;
  onCancel(): void;
}

/** Asks once more before something that cannot be undone; Cancel has the focus. */
export function ConfirmBar({ question, confirmLabel, onConfirm, onCancel }: ConfirmBarProps) {
  const [isWorking, setIsWorking] = useState(false);
  return (
    <div className="warning-box confirm" role="alertdialog" aria-labelledby="confirm-question">
      <p id="confirm-question">{question}</p>
      <button
        type="button"
        disabled={isWorking}
        onClick={() => {
          setIsWorking(true);
          void onConfirm().finally(() => setIsWorking(false));
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={onCancel} autoFocus>
        Cancel
      </button>
    </div>
  );
}
