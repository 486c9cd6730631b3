'use client';

import { useEffect, useId, useRef, useState } from 'react';

// A button that opens a short menu of actions (WAI-ARIA menu button pattern): the button
// says whether the menu is open (aria-expanded); Enter, Space or the arrow keys open it with
// focus on an item; the arrow keys, Home and End move between items; Escape closes it and
// returns focus to the button, as does choosing an item; Tab or a click elsewhere closes it.
// An item that cannot work stays in the menu, marked disabled, and names its reason.

export type MenuItem = {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  /** Why it cannot be used: shown under it, and it is disabled. */
  disabledBecause?: string;
};

export function MenuButton(props: { label: string; items: MenuItem[]; buttonRef?: React.RefObject<HTMLButtonElement | null> }) {
  const id = useId();
  const ownButton = useRef<HTMLButtonElement>(null);
  const button = props.buttonRef ?? ownButton;
  const anchor = useRef<HTMLDivElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const [focused, setFocused] = useState<number | null>(null);
  const open = focused !== null;
  const count = props.items.length;

  useEffect(() => {
    if (focused !== null) items.current[focused]?.focus();
  }, [focused]);

  // A click or tap anywhere else closes it, leaving focus where the person put it.
  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!anchor.current?.contains(event.target as Node)) setFocused(null);
    }
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function close() {
    setFocused(null);
    button.current?.focus();
  }

  function onMenuKeyDown(event: React.KeyboardEvent) {
    const at = focused ?? 0;
    const moves: Record<string, number> = { ArrowDown: (at + 1) % count, ArrowUp: (at - 1 + count) % count, Home: 0, End: count - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setFocused(moves[event.key]!);
    } else if (event.key === 'Escape') {
      // Taken here: Escape closes the menu, not also the notice beside it.
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      // Focus goes back to the button first, so Tab moves on from there.
      close();
    }
  }

  return (
    <div className="menu-anchor" ref={anchor}>
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        className="icon-button"
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => setFocused(open ? null : 0)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setFocused(event.key === 'ArrowDown' ? 0 : count - 1);
          }
        }}
      >
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor">
          <circle cx="5" cy="12" r="2" />
          <circle cx="12" cy="12" r="2" />
          <circle cx="19" cy="12" r="2" />
        </svg>
      </button>
      {open && (
        <div role="menu" id={`${id}-menu`} aria-labelledby={`${id}-button`} className="menu" onKeyDown={onMenuKeyDown}>
          {props.items.map((item, index) => (
            <button
              key={item.label}
              ref={(element) => {
                items.current[index] = element;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={item.danger ? 'danger' : undefined}
              aria-label={item.disabledBecause ? item.label : undefined}
              aria-disabled={item.disabledBecause ? true : undefined}
              aria-describedby={item.disabledBecause ? `${id}-why-${index}` : undefined}
              onClick={() => {
                if (item.disabledBecause) return;
                close();
                item.onSelect();
              }}
            >
              {item.label}
              {item.disabledBecause && (
                <span id={`${id}-why-${index}`} className="menu-note">
                  {item.disabledBecause}
                </span>
              )}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
