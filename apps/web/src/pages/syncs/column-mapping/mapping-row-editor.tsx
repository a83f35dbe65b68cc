import { useId, useRef } from 'react';
import type { TDiscoveredColumn } from '@tributary/core';
import type { MappingRowState } from './column-mapping-form-state.ts';

interface MappingRowEditorProps {
  row: MappingRowState;
  index: number;
  count: number;
  columns: TDiscoveredColumn[] | undefined;
  errors: { sourceColumn?: string[] | undefined; targetColumn?: string[] | undefined; row?: string[] | undefined };
  onChange(row: MappingRowState): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

/** One `Source Column → Target Column` row, its reorder and remove buttons, and its errors below. */
export function MappingRowEditor({
  row,
  index,
  count,
  columns,
  errors,
  onChange,
  onMove,
  onRemove,
}: MappingRowEditorProps) {
  const id = useId();
  const upButton = useRef<HTMLButtonElement>(null);
  const downButton = useRef<HTMLButtonElement>(null);
  // A row moved to either end disables the button just pressed, which drops the keyboard focus:
  // hand it to the other direction so the user can keep moving the row.
  const move = (by: -1 | 1) => {
    onMove(by);
    requestAnimationFrame(() => {
      const [pressed, other] = by === -1 ? [upButton, downButton] : [downButton, upButton];
      if (pressed.current?.disabled) other.current?.focus();
    });
  };
  const number = index + 1;
  const messages = [...(errors.row ?? []), ...(errors.sourceColumn ?? []), ...(errors.targetColumn ?? [])];
  const describedBy = `${id}-messages`;
  // A saved mapping may name a column the last discovery did not list; keep it selectable.
  const names = columns?.map((column) => column.name) ?? [];
  const isUnlisted = row.sourceColumn !== '' && !names.includes(row.sourceColumn);
  return (
    <li className={messages.length > 0 ? 'mapping-row field-invalid' : 'mapping-row'}>
      <span className="mapping-row-number" aria-hidden="true">
        {number}
      </span>
      <label htmlFor={`${id}-source`} className="visually-hidden">
        Source column {number}
      </label>
      <select
        id={`${id}-source`}
        value={row.sourceColumn}
        aria-invalid={Boolean(errors.sourceColumn?.length)}
        aria-describedby={describedBy}
        onChange={(event) => onChange({ ...row, sourceColumn: event.target.value })}
      >
        <option value="">Choose a column…</option>
        {columns?.map((column) => (
          <option key={column.name} value={column.name}>
            {column.name} ({column.type})
          </option>
        ))}
        {isUnlisted && <option value={row.sourceColumn}>{row.sourceColumn}</option>}
      </select>
      <span className="mapping-arrow" aria-hidden="true">
        →
      </span>
      <label htmlFor={`${id}-target`} className="visually-hidden">
        Target column {number}
      </label>
      <input
        id={`${id}-target`}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. customer.name"
        value={row.targetColumn}
        aria-invalid={Boolean(errors.targetColumn?.length)}
        aria-describedby={describedBy}
        onChange={(event) => onChange({ ...row, targetColumn: event.target.value })}
      />
      <span className="mapping-row-buttons">
        <button
          type="button"
          className="icon-button"
          ref={upButton}
          aria-label={`Move row ${number} up`}
          title="Move up"
          disabled={index === 0}
          onClick={() => move(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          ref={downButton}
          aria-label={`Move row ${number} down`}
          title="Move down"
          disabled={index === count - 1}
          onClick={() => move(1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="icon-button danger"
          aria-label={`Remove row ${number}`}
          title="Remove"
          onClick={onRemove}
        >
          ✕
        </button>
      </span>
      <div id={describedBy} className="field-messages mapping-row-messages">
        {messages.map((message) => (
          <p key={message} className="field-error" role="alert">
            {message}
          </p>
        ))}
      </div>
    </li>
  );
}
