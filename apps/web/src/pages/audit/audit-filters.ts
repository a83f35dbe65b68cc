import { AUDIT_ACTIONS, type TAuditEventQuery } from '@tributary/core';

/** The filter form as typed: dates are calendar days in the browser's time zone. */
export interface AuditFilterForm {
  action: string;
  actorId: string;
  targetType: string;
  targetId: string;
  fromDay: string;
  toDay: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterForm = {
  action: '',
  actorId: '',
  targetType: '',
  targetId: '',
  fromDay: '',
  toDay: '',
};

export const PAGE_SIZE = 50;

/** Each family (`group.*`) first, then its actions, as the API accepts both. */
export const ACTION_CHOICES: string[] = [...new Set(AUDIT_ACTIONS.map((action) => action.split('.')[0]))].flatMap(
  (family) => [`${family}.*`, ...AUDIT_ACTIONS.filter((action) => action.startsWith(`${family}.`))],
);

export const TARGET_TYPES = ['user', 'group', 'sync', 'job', 'listener'];

/** A `yyyy-mm-dd` day as an instant: its local midnight, or the next day's to include the whole day. */
function dayToInstant(day: string, isEndOfDay: boolean): string | undefined {
  if (!day) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return day;
  return new Date(year, month - 1, date + (isEndOfDay ? 1 : 0)).toISOString();
}

export function auditQueryFromForm(form: AuditFilterForm, before?: string): TAuditEventQuery {
  const text = (value: string) => value.trim() || undefined;
  const query: TAuditEventQuery = {
    action: text(form.action),
    actorId: text(form.actorId),
    targetType: text(form.targetType),
    targetId: text(form.targetId),
    from: dayToInstant(form.fromDay, false),
    to: dayToInstant(form.toDay, true),
    limit: PAGE_SIZE,
    before,
  };
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as TAuditEventQuery;
}

/** The query's field names are the API's; the form shows `from`/`to` as days. */
export const FORM_FIELD_OF_QUERY: Record<string, keyof AuditFilterForm> = {
  action: 'action',
  actorId: 'actorId',
  targetType: 'targetType',
  targetId: 'targetId',
  from: 'fromDay',
  to: 'toDay',
};
