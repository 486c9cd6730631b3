'use client';

import { useId } from 'react';

// A labelled input whose hint and error are tied to it for screen readers.
export function Field(props: {
  label: string;
  name: string;
  type: 'email' | 'password' | 'text';
  autoComplete: string;
  error?: string;
  hint?: string;
  autoFocus?: boolean;
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
  // Always rendered, so screen readers announce the message when it appears.
  return (
    <div role="alert" aria-live="assertive">
      {message && <p className="alert">{message}</p>}
    </div>
  );
}
