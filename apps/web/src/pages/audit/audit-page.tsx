import { toFieldIssues, ZAuditEventQuerySchema, type TAuditEvent, type TUserView } from '@tributary/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { errorMessage } from '../../api/request.ts';
import { Field } from '../../components/field.tsx';
import { groupFieldIssues, type FieldErrors } from '../../components/field-errors.ts';
import {
  ACTION_CHOICES,
  auditQueryFromForm,
  EMPTY_AUDIT_FILTERS,
  FORM_FIELD_OF_QUERY,
  PAGE_SIZE,
  TARGET_TYPES,
  type AuditFilterForm,
} from './audit-filters.ts';
import { AuditTable } from './audit-table.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';

function formErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [FORM_FIELD_OF_QUERY[field] ?? field, messages]),
  );
}

/** Admin area: who did what and when, newest first, filtered. */
export function AuditPage() {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTERS);
  const [users, setUsers] = useState<TUserView[]>([]);
  const [events, setEvents] = useState<TAuditEvent[]>();
  const [hasMore, setHasMore] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [isLoading, setIsLoading] = useState(false);
  const set = (patch: Partial<AuditFilterForm>) => setForm((current) => ({ ...current, ...patch }));

  const load = useCallback(async (filters: AuditFilterForm, before?: string) => {
    setFailure(undefined);
    const query = auditQueryFromForm(filters, before);
    const checked = ZAuditEventQuerySchema.safeParse(query);
    if (!checked.success) {
      setErrors(formErrors(groupFieldIssues(toFieldIssues(checked.error))));
      return;
    }
    setErrors({});
    setIsLoading(true);
    try {
      const answer = await api.auditEvents(query);
      setEvents((current) => (before ? [...(current ?? []), ...answer.events] : answer.events));
      setHasMore(answer.events.length === PAGE_SIZE);
    } catch (error) {
      if (error instanceof ApiError && error.body.fields) setErrors(formErrors(groupFieldIssues(error.body.fields)));
      setFailure(errorMessage(error));
    } finally {
      setIsLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(EMPTY_AUDIT_FILTERS);
    api.users().then(
      (answer) => setUsers(answer.users),
      (error: unknown) => setFailure(errorMessage(error)),
    );
  }, [load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load(form);
  };

  return (
    <section aria-labelledby="audit-title">
      <div className="page-header">
        <h1 id="audit-title">Audit</h1>
      </div>
      <form className="filters" noValidate onSubmit={submit} aria-label="Filters">
        <Field label="Action" errors={errors.action}>
          {(props) => (
            <select {...props} value={form.action} onChange={(event) => set({ action: event.target.value })}>
              <option value="">Any action</option>
              {ACTION_CHOICES.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Actor" errors={errors.actorId}>
          {(props) => (
            <select {...props} value={form.actorId} onChange={(event) => set({ actorId: event.target.value })}>
              <option value="">Anyone</option>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.email}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Target type" errors={errors.targetType}>
          {(props) => (
            <select {...props} value={form.targetType} onChange={(event) => set({ targetType: event.target.value })}>
              <option value="">Any target</option>
              {TARGET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Target id" errors={errors.targetId}>
          {(props) => (
            <input
              {...props}
              type="text"
              value={form.targetId}
              onChange={(event) => set({ targetId: event.target.value })}
            />
          )}
        </Field>
        <Field label="From" errors={errors.fromDay}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={form.fromDay}
              onChange={(event) => set({ fromDay: event.target.value })}
            />
          )}
        </Field>
        <Field label="To" errors={errors.toDay}>
          {(props) => (
            <input {...props} type="date" value={form.toDay} onChange={(event) => set({ toDay: event.target.value })} />
          )}
        </Field>
        <div className="filters-actions">
          <button type="submit" disabled={isLoading}>
            Apply filters
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setForm(EMPTY_AUDIT_FILTERS);
              void load(EMPTY_AUDIT_FILTERS);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <ErrorAlert message={failure} />
      {!events && !failure && <p aria-busy="true">Loading…</p>}
      {events?.length === 0 && <p className="muted">No events match these filters.</p>}
      {events && events.length > 0 && <AuditTable events={events} />}
      {hasMore && events && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={isLoading}
            onClick={() => void load(form, events.at(-1)?.at)}
          >
            Load older events
          </button>
        </div>
      )}
    </section>
  );
}
