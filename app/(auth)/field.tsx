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
  /** A password field with a "Show" button (people mistype a password they cannot see). */
  revealable?: boolean;
}) {
  const id = useId();
  const [shown, setShown] = useState(false);
  const type = props.type === 'password' && shown ? 'text' : props.type;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint && hintId, props.error && errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className={props.revealable ? 'input-with-action' : undefined}>
        <input
          id={id}
          name={props.name}
          type={type}
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
        {props.revealable && (
          <button type="button" className="reveal" aria-controls={id} onClick={() => setShown((value) => !value)}>
            {shown ? 'Hide' : 'Show'}
            <span className="visually-hidden"> {props.label.toLowerCase()}</span>
          </button>
        )}
      </div>
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

/**
 * The message for the form's banner: none when the server named the fields that are wrong,
 * since each field shows its own (the same words twice would be noise).
 */
export function bannerFor(error: { message: string; fields?: Record<string, string> }): string | null {
  return error.fields && Object.keys(error.fields).length > 0 ? null : error.message;
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
