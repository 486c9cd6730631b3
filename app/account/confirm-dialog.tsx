'use client';

import { useEffect, useRef, useState } from 'react';

// Asks before a change that cannot be undone from here, and says what it will mean in the
// person's own terms ("You'll sign in only with …"). A modal dialog: focus starts on the
// safe choice, Escape is the same as Cancel, and focus goes back to where it came from.

export type Confirmation = { title: string; consequence: string; confirmLabel: string };

export function ConfirmDialog(props: { register: (open: (question: Confirmation) => Promise<boolean>) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const pending = useRef<((confirmed: boolean) => void) | null>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const [question, setQuestion] = useState<Confirmation | null>(null);
  const { register } = props;

  useEffect(() => {
    register(
      (next) =>
        new Promise<boolean>((resolve) => {
          returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          pending.current = resolve;
          setQuestion(next);
        }),
    );
  }, [register]);

  // Opened once its words are in it, so they are what a screen reader reads on opening.
  useEffect(() => {
    if (!question || dialog.current?.open) return;
    dialog.current?.showModal();
    cancel.current?.focus();
  }, [question]);

  function close(confirmed: boolean) {
    dialog.current?.close();
    setQuestion(null);
    if (returnTo.current?.isConnected) returnTo.current.focus();
    pending.current?.(confirmed);
    pending.current = null;
  }

  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby="confirm-heading"
      aria-describedby="confirm-consequence"
      onCancel={(event) => {
        event.preventDefault();
        close(false);
      }}
    >
      <h2 id="confirm-heading">{question?.title}</h2>
      <p id="confirm-consequence">{question?.consequence}</p>
      <div className="actions">
        <button type="button" className="danger-solid" onClick={() => close(true)}>
          {question?.confirmLabel}
        </button>
        <button ref={cancel} type="button" className="secondary" onClick={() => close(false)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
