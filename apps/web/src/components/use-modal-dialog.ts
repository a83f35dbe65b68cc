import { useEffect, useRef } from 'react';

/** A `<dialog>` shown as a modal once mounted: the page behind it is inert and Escape closes it. */
export function useModalDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return dialog;
}
