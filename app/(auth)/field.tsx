'use client';

import { useCallback, useEffect, useId, useState } from 'react';

// A labelled input whose hint and error are tied to it for screen readers.
export function Field(props: {
  label: string;
  name: string;
  type: 'email' | 'password' | 'text';
  autoComplete: string;
  error?: string;
  hint?: string;
  autoFocus?: boolean;
  defaultValue?: string;
  readOnly?: boolean;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint && hintId, props.error && errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type}
        autoComplete={props.autoComplete}
        required
        autoFocus={props.autoFocus}
        defaultValue={props.defaultValue}
        readOnly={props.readOnly}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        spellCheck={false}
        autoCapitalize={props.type === 'text' ? undefined : 'none'}
      />
      {props.hint && (
        <span id={hintId} className="hint">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={errorId} className="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

export function FormAlert({ message }: { message: string | null }) {
  // Always rendered, so screen readers announce the message when it appears. The message can
  // take focus, so a failed submit can move focus to it instead of losing it.
  return (
    <div role="alert" aria-live="assertive">
      {message && (
        <p className="alert" tabIndex={-1} data-form-alert>
          {message}
        </p>
      )}
    </div>
  );
}

/**
 * After a submit that failed (call `failed()`): once the error is on screen, focus the first
 * field the server named, else the message. The button that was pressed was disabled while
 * waiting, which sent focus to the page's body.
 */
export function useFocusOnFailure(form: React.RefObject<HTMLFormElement | null>): () => void {
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (failures === 0) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.current?.querySelector<HTMLElement>('[data-form-alert]');
    target?.focus();
  }, [failures, form]);
  return useCallback(() => setFailures((n) => n + 1), []);
}
