'use client';

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { clearInspector, inspectorSteps, noSteps, subscribeInspector, type InspectorStep } from '@/lib/client/inspector';

// The demo's inspector: beside the page, each step of the journey as it happens, with its
// real data and, when the automatic upgrade ends without a passkey, the browser's rules in
// plain words. Rendered only when NEXT_PUBLIC_INSPECTOR is "on" (app/layout.tsx): its button in
// the page's header, its panel at the side of the page (at the bottom on a phone).

const FLOW_LABEL: Record<InspectorStep['flow'], string> = {
  upgrade: 'Automatic upgrade',
  'sign-in': 'Passkey sign-in',
  create: 'Passkey by hand',
  signal: 'Signal API',
};

const OPEN_KEY = 'passkey-upgrade:inspector-open';

export function Inspector() {
  const steps = useSyncExternalStore(subscribeInspector, inspectorSteps, noSteps);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => setOpen(localStorage.getItem(OPEN_KEY) === '1'), []);
  useEffect(() => {
    document.body.classList.toggle('inspector-open', open);
  }, [open]);
  // The newest step is the one to read: keep it in view.
  useEffect(() => {
    if (open) end.current?.scrollIntoView({ block: 'end' });
  }, [open, steps.length]);

  function show(next: boolean) {
    setOpen(next);
    localStorage.setItem(OPEN_KEY, next ? '1' : '0');
    // Focus follows: into the panel when it opens, back to its button when it closes.
    requestAnimationFrame(() => (next ? panel.current?.focus() : toggle.current?.focus()));
  }

  const panelView = (
    <aside id="inspector" ref={panel} tabIndex={-1} className="inspector" aria-label="Passkey inspector">
      <div className="inspector-head">
        <h2>What just happened</h2>
        <div className="actions">
          <button type="button" className="secondary" onClick={clearInspector} disabled={steps.length === 0}>
            Clear
          </button>
          <button type="button" className="secondary" aria-expanded={true} aria-controls="inspector" onClick={() => show(false)}>
            Close inspector
          </button>
        </div>
      </div>
      <p className="muted">
        Each step of the passkey journey in this browser, newest last, with its real data. Challenges and ids are shortened; tokens and
        passwords never appear.
      </p>
      {steps.length === 0 ? (
        <p>Nothing yet. Sign in with a password, or with a passkey, and the steps appear here.</p>
      ) : (
        <ol className="inspector-steps">
          {steps.map((step) => (
            <li key={step.id} className={`inspector-step inspector-${step.status}`} aria-label={step.title}>
              <p className="inspector-flow">
                {FLOW_LABEL[step.flow]} · <time dateTime={step.at}>{step.at.slice(11, 19)}</time>
              </p>
              <p className="inspector-title">
                <span aria-hidden="true">{step.status === 'ok' ? '✓' : step.status === 'failed' ? '✕' : '•'}</span> {step.title}
              </p>
              {step.facts.length > 0 && (
                <dl>
                  {step.facts.map(([name, value], i) => (
                    <div key={i}>
                      <dt>{name}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {step.explanation?.map((line, i) => (
                <p key={i} className="inspector-why">
                  {line}
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
      <div ref={end} />
    </aside>
  );

  return (
    <>
      {!open && (
        <button
          ref={toggle}
          type="button"
          className="inspector-toggle secondary"
          aria-expanded={false}
          aria-controls="inspector"
          onClick={() => show(true)}
        >
          Inspector ({steps.length})
        </button>
      )}
      {/* The panel sits at the side of the page, outside the header it is opened from. */}
      {open && createPortal(panelView, document.body)}
    </>
  );
}
