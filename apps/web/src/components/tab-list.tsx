import { useRef, type KeyboardEvent } from 'react';

export interface TabItem<Id extends string> {
  id: Id;
  label: string;
  /** Errors waiting on the tab, so a failed save points at tabs the user cannot see. */
  errorCount?: number;
}

interface TabListProps<Id extends string> {
  label: string;
  tabs: ReadonlyArray<TabItem<Id>>;
  activeId: Id;
  onSelect(id: Id): void;
}

export const tabId = (id: string) => `tab-${id}`;
export const tabPanelId = (id: string) => `panel-${id}`;

/**
 * WAI-ARIA tabs: Tab reaches the selected tab only, arrow keys (and Home/End) move between tabs,
 * so the keyboard goes from the tabs straight into the open panel.
 */
export function TabList<Id extends string>({ label, tabs, activeId, onSelect }: TabListProps<Id>) {
  const buttons = useRef(new Map<Id, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === activeId);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const isActive = tab.id === activeId;
        return (
          <button
            key={tab.id}
            ref={(button) => {
              if (button) buttons.current.set(tab.id, button);
              else buttons.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            aria-selected={isActive}
            aria-controls={tabPanelId(tab.id)}
            tabIndex={isActive ? 0 : -1}
            className={isActive ? 'tab active' : 'tab'}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
            {Boolean(tab.errorCount) && (
              <span className="tab-badge" aria-label={`, ${tab.errorCount} to fix`}>
                {tab.errorCount}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
