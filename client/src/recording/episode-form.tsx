import { useMutation, useQuery } from "@tanstack/react-query";
import {
  Episode as EpisodeSchema,
  EpisodeCreateInput,
  EpisodeUpdateInput,
  raisesSelfHarmAlert,
  severityBand,
  type DysphoriaType,
  type Episode,
  type EpisodeContext,
  type Impact,
  type LetDown,
  type SkippableEpisodeField,
} from "@wave/shared";
import { useMemo, useState, type FormEvent } from "react";
import { useTRPC } from "../app/trpc";
import { CheckboxGroup, RadioGroup } from "../ui/choice-group";
import { Field } from "../ui/field";
import { TextAreaField } from "../ui/text-area-field";
import { ConflictNotice, type DescribedVersion } from "./conflict-notice";
import { formatDateOnly, formatDateTimeLocal, localDateTimeToIso, toLocalDateTimeInput } from "./dates";
import { useFormErrors } from "./form-errors";
import { FormActions, FormAlert, submitOnEnter, useInvalidate, useSubmitGuard, type SavedNotice } from "./form-parts";
import { newRecordId } from "./ids";
import { bandWords, IntensityScale } from "./intensity-scale";
import { CONTEXT_LABELS, DYSPHORIA_TYPE_OPTIONS, IMPACT_LABELS, LET_DOWN_LABELS, yesNo } from "./labels";
import { detailsToDemand, listInWords, skippedDetails, skippedFields } from "./self-reported";
import { useVersionConflict } from "./use-version-conflict";

interface EpisodeDraft {
  occurredAt: string;
  intensity: number | null;
  types: DysphoriaType[];
  context: EpisodeContext | null;
  letDown: LetDown | null;
  durationSeconds: string;
  impact: Impact | null;
  selfHarmThoughts: boolean | null;
  /** null: not touched, so the client's history decides (new episodes only). */
  ratedAfterEducation: boolean | null;
  notes: string;
}

const FIELDS = [
  "occurredAt",
  "intensity",
  "types",
  "context",
  "letDown",
  "durationSeconds",
  "impact",
  "selfHarmThoughts",
  "ratedAfterEducation",
  "notes",
] as const;

const PLAIN_WORDS: Record<string, string> = {
  occurredAt: "Enter when it happened, as a date and time",
  intensity: "Choose an intensity from 1 to 10",
  types: "Choose at least one feeling",
  context: "Choose nursing, pumping or spontaneous let-down",
  letDown: "Choose which let-down it was, or Not sure",
  durationSeconds: "Enter how long it lasted, in whole seconds",
  impact: "Choose the impact on feeding, or None",
  selfHarmThoughts: "Ask about thoughts of self-harm and choose Yes or No",
  ratedAfterEducation: "Answer Yes or No",
  notes: "Check the notes",
};

/** Beside a detail the client left out of their own report, while it is still empty. */
const NOT_GIVEN = "Not given by the client";

const YES_NO = [
  { value: "no", label: "No" },
  { value: "yes", label: "Yes" },
] as const;

function toYesNo(value: boolean | null): "yes" | "no" | null {
  return value === null ? null : value ? "yes" : "no";
}

/**
 * A new episode's defaults: a typical entry only needs intensity, feelings and
 * the self-harm answer. That answer is never pre-set (DOMAIN.md: "not asked"
 * must not look like "no").
 */
function newDraft(): EpisodeDraft {
  return {
    occurredAt: toLocalDateTimeInput(new Date()),
    intensity: null,
    types: [],
    context: "nursing",
    letDown: "first",
    durationSeconds: "60",
    impact: "none",
    selfHarmThoughts: null,
    ratedAfterEducation: null,
    notes: "",
  };
}

function draftOf(episode: Episode): EpisodeDraft {
  return {
    occurredAt: toLocalDateTimeInput(new Date(episode.occurredAt)),
    intensity: episode.intensity,
    types: [...episode.types],
    context: episode.context,
    letDown: episode.letDown,
    durationSeconds: episode.durationSeconds === null ? "" : String(episode.durationSeconds),
    impact: episode.impact,
    selfHarmThoughts: episode.selfHarmThoughts,
    ratedAfterEducation: episode.ratedAfterEducation,
    notes: episode.notes ?? "",
  };
}

/** What the stored episode said, for the comparison table: the same words the form uses. */
function describeEpisode(values: {
  occurredAt: string;
  intensity: number | null;
  types: readonly DysphoriaType[];
  context: EpisodeContext | null;
  letDown: LetDown | null;
  durationSeconds: number | null;
  impact: Impact | null;
  selfHarmThoughts: boolean | null;
  ratedAfterEducation: boolean | null;
  notes: string | null;
}): DescribedVersion {
  const typeLabel = (type: DysphoriaType) => DYSPHORIA_TYPE_OPTIONS.find((option) => option.value === type)?.label ?? type;
  const none = "—";
  return [
    ["When", values.occurredAt ? formatDateTimeLocal(values.occurredAt) : none],
    ["Intensity", values.intensity === null ? none : `${values.intensity} (${severityBand(values.intensity)})`],
    ["Feelings", values.types.length > 0 ? values.types.map(typeLabel).join(", ") : none],
    ["Context", values.context ? CONTEXT_LABELS[values.context] : none],
    ["Let-down", values.letDown ? LET_DOWN_LABELS[values.letDown] : none],
    ["Duration", values.durationSeconds === null || Number.isNaN(values.durationSeconds) ? none : `${values.durationSeconds} s`],
    ["Impact on feeding", values.impact ? IMPACT_LABELS[values.impact] : none],
    ["Thoughts of self-harm", values.selfHarmThoughts === null ? "Not answered" : yesNo(values.selfHarmThoughts)],
    ["Rated after education", values.ratedAfterEducation === null ? none : yesNo(values.ratedAfterEducation)],
    ["Notes", values.notes?.trim() ? values.notes.trim() : none],
  ];
}

export interface EpisodeFormProps {
  clientId: string;
  clientName: string;
  /** Editing this stored episode (with its version); absent when recording a new one. */
  episode?: Episode | undefined;
  onSaved: (notice: SavedNotice) => void;
  onCancel: () => void;
}

/** Record a new episode, or edit a stored one without ever overwriting someone else's change silently. */
export function EpisodeForm({ clientId, clientName, episode, onSaved, onCancel }: EpisodeFormProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const guard = useSubmitGuard();
  const editing = episode !== undefined;
  // Generated once per opened form and reused by every retry: the server's create is idempotent by id.
  const [id] = useState(() => episode?.id ?? newRecordId());
  const [draft, setDraft] = useState<EpisodeDraft>(() => (episode ? draftOf(episode) : newDraft()));
  const versions = useVersionConflict(EpisodeSchema, episode);
  const { stored, conflict } = versions;
  const errors = useFormErrors({ fields: FIELDS, plainWords: PLAIN_WORDS });

  const episodesQuery = useQuery({ ...trpc.episodes.list.queryOptions({ clientId }), enabled: !editing });
  const interventionsQuery = useQuery({ ...trpc.interventions.list.queryOptions({ clientId }), enabled: !editing });
  const history = useMemo(() => {
    const education = (interventionsQuery.data ?? [])
      .filter((intervention) => intervention.kind === "education" && Date.parse(intervention.startedAt) <= Date.now())
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))[0];
    const latest = [...(episodesQuery.data ?? [])].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))[0];
    if (education) return { educated: true, why: `Yes by default: education was recorded on ${formatDateOnly(education.startedAt)}.` };
    if (latest?.ratedAfterEducation) return { educated: true, why: "Yes by default: the last episode was rated after education." };
    return { educated: false, why: "No by default: no education recorded for this client yet." };
  }, [interventionsQuery.data, episodesQuery.data]);

  const create = useMutation(trpc.episodes.create.mutationOptions());
  const update = useMutation(trpc.episodes.update.mutationOptions());
  const busy = create.isPending || update.isPending;

  function change<K extends keyof EpisodeDraft>(key: K, value: EpisodeDraft[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
    errors.clearField(key);
  }

  // An untouched time keeps the stored instant to the millisecond; the input only shows minutes.
  const storedLocal = stored ? toLocalDateTimeInput(new Date(stored.occurredAt)) : null;
  const fields = {
    occurredAt: stored && draft.occurredAt === storedLocal ? stored.occurredAt : localDateTimeToIso(draft.occurredAt),
    intensity: draft.intensity ?? undefined,
    types: draft.types,
    context: draft.context ?? undefined,
    letDown: draft.letDown ?? undefined,
    durationSeconds: draft.durationSeconds.trim() === "" ? undefined : Number(draft.durationSeconds),
    impact: draft.impact ?? undefined,
    selfHarmThoughts: draft.selfHarmThoughts ?? undefined,
    ratedAfterEducation: draft.ratedAfterEducation ?? (editing ? undefined : history.educated),
    notes: draft.notes,
  };
  // A client's own report may keep what they skipped: an edit sends those as null (feelings as none).
  const skipped = new Set<SkippableEpisodeField>(stored?.source === "client" ? skippedFields(stored) : []);
  const notGiven = (field: SkippableEpisodeField, empty: boolean) => (skipped.has(field) && empty ? NOT_GIVEN : undefined);

  function save(version: number | null) {
    if (version === null) {
      const input = errors.validate(EpisodeCreateInput, { ...fields, id, clientId });
      if (!input || !guard.claim()) return;
      create.mutate(input, {
        onSuccess: (saved) => {
          void invalidate(["clients", "caseload", "episodes", "interventions", "analytics", "alerts"]);
          const urgent = saved.selfHarmThoughts;
          onSaved({
            message: `Episode recorded for ${clientName}: intensity ${saved.intensity} (${bandWords(saved.intensity)}).${
              urgent ? " Urgent self-harm flag raised: same-day follow-up required." : ""
            }`,
            urgent,
          });
        },
        onError: errors.showServerError,
        onSettled: guard.release,
      });
      return;
    }
    const details = {
      types: fields.types,
      context: fields.context ?? null,
      durationSeconds: fields.durationSeconds ?? null,
      impact: fields.impact ?? null,
      ratedAfterEducation: fields.ratedAfterEducation ?? null,
    };
    const demanded = stored ? detailsToDemand(stored, details) : [];
    const input = errors.validate(EpisodeUpdateInput, { ...fields, ...details, id, clientId, version }, demanded);
    if (!input || !guard.claim()) return;
    update.mutate(input, {
      onSuccess: (saved) => {
        void invalidate(["clients", "caseload", "episodes", "interventions", "analytics", "alerts"]);
        // The server raises an alert when an edit turns the answer to yes, as a new episode would.
        const raised = raisesSelfHarmAlert(stored?.selfHarmThoughts ?? null, saved.selfHarmThoughts);
        onSaved({
          message: `Episode of ${formatDateTimeLocal(saved.occurredAt)} updated: intensity ${saved.intensity} (${bandWords(saved.intensity)}).${
            raised ? " Urgent self-harm flag raised: same-day follow-up required." : ""
          }`,
          urgent: raised,
        });
      },
      onError: (error) => {
        // The page behind the form refreshes too, so the next edit starts from what is stored now.
        if (versions.catchConflict(error)) void invalidate(["clients", "caseload", "episodes", "interventions", "analytics", "alerts"]);
        else errors.showServerError(error);
      },
      onSettled: guard.release,
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (conflict) return;
    save(stored ? stored.version : null);
  }

  function loadTheirs(theirs: Parameters<typeof draftOf>[0]) {
    setDraft(draftOf(theirs));
    errors.reset();
  }

  const duration = fields.durationSeconds;
  const fieldCount = Object.keys(errors.fieldErrors).length;

  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      {conflict ? (
        <ConflictNotice
          entity="episode"
          yours={describeEpisode({
            ...draft,
            occurredAt: fields.occurredAt,
            durationSeconds: fields.durationSeconds ?? null,
            ratedAfterEducation: fields.ratedAfterEducation ?? null,
          })}
          saved={describeEpisode(conflict)}
          onUseTheirs={() => versions.takeTheirs(loadTheirs)}
          onOverwrite={() => versions.overwrite(save)}
          busy={busy}
        />
      ) : null}
      <FormAlert message={errors.formError} fieldCount={fieldCount} />
      {episode?.source === "client" ? <SelfReportedNotice episode={episode} /> : null}

      <IntensityScale value={draft.intensity} onChange={(value) => change("intensity", value)} errors={errors.errorsFor("intensity")} autoFocus />

      <CheckboxGroup
        legend="What the client felt"
        hint={notGiven("types", draft.types.length === 0) ?? "Choose every one that applies."}
        name="types"
        options={DYSPHORIA_TYPE_OPTIONS}
        values={draft.types}
        onChange={(values) => change("types", values)}
        errors={errors.errorsFor("types")}
      />

      <RadioGroup
        legend="Thoughts of self-harm"
        name="selfHarmThoughts"
        layout="row"
        className={draft.selfHarmThoughts === null ? "self-harm-question self-harm-question--unanswered" : "self-harm-question"}
        status={draft.selfHarmThoughts === null ? <span className="self-harm-question__pending">Not answered yet</span> : undefined}
        hint="Ask the client every time. Required: Wave never assumes No."
        options={YES_NO}
        value={toYesNo(draft.selfHarmThoughts)}
        onChange={(value) => change("selfHarmThoughts", value === "yes")}
        errors={errors.errorsFor("selfHarmThoughts")}
      />
      <SelfHarmNotice clientName={clientName} before={stored?.selfHarmThoughts ?? null} after={draft.selfHarmThoughts} />

      <div className="recording-form__details">
        <h3 className="recording-form__subheading">Details</h3>
        {editing ? null : (
          <p className="field__hint recording-form__details-hint">Filled in with the usual answers: change any that differ.</p>
        )}
        <Field
          label="When it happened"
          type="datetime-local"
          value={draft.occurredAt}
          onChange={(event) => change("occurredAt", event.target.value)}
          errors={errors.errorsFor("occurredAt")}
        />
        <RadioGroup
          legend="Context"
          name="context"
          layout="row"
          options={Object.entries(CONTEXT_LABELS).map(([value, label]) => ({ value: value as EpisodeContext, label }))}
          hint={notGiven("context", draft.context === null)}
          value={draft.context}
          onChange={(value) => change("context", value)}
          errors={errors.errorsFor("context")}
        />
        <RadioGroup
          legend="Which let-down"
          name="letDown"
          layout="row"
          options={Object.entries(LET_DOWN_LABELS).map(([value, label]) => ({ value: value as LetDown, label }))}
          value={draft.letDown}
          onChange={(value) => change("letDown", value)}
          errors={errors.errorsFor("letDown")}
        />
        <Field
          label="Duration (seconds)"
          type="number"
          inputMode="numeric"
          min={0}
          max={86400}
          step={1}
          value={draft.durationSeconds}
          onChange={(event) => change("durationSeconds", event.target.value)}
          hint={
            notGiven("durationSeconds", duration === undefined) ??
            (duration !== undefined && duration > 300
              ? "Longer than 5 minutes is unusual for DMER: worth a second look."
              : "Most episodes last 1 to 5 minutes (60 to 300 seconds).")
          }
          errors={errors.errorsFor("durationSeconds")}
        />
        <RadioGroup
          legend="Impact on feeding"
          name="impact"
          layout="row"
          options={Object.entries(IMPACT_LABELS).map(([value, label]) => ({ value: value as Impact, label }))}
          hint={notGiven("impact", draft.impact === null)}
          value={draft.impact}
          onChange={(value) => change("impact", value)}
          errors={errors.errorsFor("impact")}
        />
        <RadioGroup
          legend="Rated after the client learned about DMER"
          name="ratedAfterEducation"
          layout="row"
          hint={editing ? notGiven("ratedAfterEducation", draft.ratedAfterEducation === null) : history.why}
          options={YES_NO}
          value={toYesNo(fields.ratedAfterEducation ?? null)}
          onChange={(value) => change("ratedAfterEducation", value === "yes")}
          errors={errors.errorsFor("ratedAfterEducation")}
        />
        <TextAreaField
          label="Notes (optional)"
          value={draft.notes}
          maxLength={5000}
          onChange={(event) => change("notes", event.target.value)}
          errors={errors.errorsFor("notes")}
        />
      </div>

      <FormActions
        submitLabel={editing ? "Save changes" : "Save episode"}
        busyLabel="Saving…"
        busy={busy}
        onCancel={onCancel}
      />
    </form>
  );
}

/**
 * A correction to the client's own report: it stays marked as theirs, and what
 * they skipped may stay skipped (filled in only with what the client says).
 */
function SelfReportedNotice({ episode }: { episode: Episode }) {
  const skipped = skippedDetails(episode);
  return (
    <div className="notice notice--info" data-testid="self-reported-notice">
      <p>
        Reported by the client through their self-report link; a correction keeps it marked as theirs.
        {skipped.length > 0
          ? ` They left out ${listInWords(skipped)}: leave these empty unless the client tells you.`
          : null}
      </p>
    </div>
  );
}

/**
 * What saving the self-harm answer will do. Yes on a new episode, or an edit
 * that turns it to yes, raises an alert (the shared rule the server applies);
 * an edit back to no never clears one: only a follow-up that reached the client does.
 */
function SelfHarmNotice({ clientName, before, after }: { clientName: string; before: boolean | null; after: boolean | null }) {
  if (after === null) return null;
  if (raisesSelfHarmAlert(before, after)) {
    return (
      <div className="urgent-warning" role="alert">
        <p className="urgent-warning__title">Urgent: thoughts of self-harm</p>
        <p>
          Saving this episode raises the urgent self-harm flag. {clientName} moves to the top of every caseload and
          needs <strong>same-day follow-up</strong>. The flag stays until a follow-up that reached the client is recorded
          with Complete follow-up.
        </p>
      </div>
    );
  }
  if (before === true && after) {
    return <p className="notice notice--warning">This episode already reported thoughts of self-harm; saving raises no second alert.</p>;
  }
  if (before === true && !after) {
    return (
      <p className="notice notice--warning">
        Changing the answer to No does not clear an open safety alert: only a follow-up that reached the client does.
      </p>
    );
  }
  return null;
}
