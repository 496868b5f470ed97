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
  type EpisodeUpdate,
  type Impact,
  type LetDown,
  type SkippableEpisodeField,
} from "@wave/shared";
import { useMemo } from "react";
import { useTRPC } from "../../app/trpc";
import { CheckboxGroup, RadioGroup } from "../../ui/choice-group";
import { Field } from "../../ui/field";
import { checkWith, type Wire } from "../../ui/form/check";
import { FormActions, FormAlert, submitOnEnter } from "../../ui/form/form-parts";
import { useRecordForm } from "../../ui/form/use-record-form";
import { TextAreaField } from "../../ui/text-area-field";
import { ConflictNotice, type DescribedVersion } from "./conflict-notice";
import { formatDate, formatDateTime } from "../../lib/dates";
import { localDateTimeToIso, toLocalDateTimeInput } from "../../ui/form/date-inputs";
import type { SavedNotice } from "../../ui/form/form-parts";
import { useInvalidate } from "./form-parts";
import { bandWords, IntensityScale } from "./intensity-scale";
import { CONTEXT_LABELS, DYSPHORIA_TYPE_OPTIONS, IMPACT_LABELS, LET_DOWN_LABELS, yesNo } from "./labels";
import { detailsToDemand, listInWords, skippedDetails, skippedFields } from "./self-reported";
import { useVersionConflict } from "./use-version-conflict";
import "./recording.css";

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

type EpisodeSave = Wire<ReturnType<typeof EpisodeCreateInput.parse>> | Wire<EpisodeUpdate>;

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
    ["When", values.occurredAt ? formatDateTime(values.occurredAt) : none],
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
  const editing = episode !== undefined;
  const versions = useVersionConflict(EpisodeSchema, episode);
  const { stored, conflict } = versions;

  const episodesQuery = useQuery({ ...trpc.episodes.list.queryOptions({ clientId }), enabled: !editing });
  const interventionsQuery = useQuery({ ...trpc.interventions.list.queryOptions({ clientId }), enabled: !editing });
  const history = useMemo(() => {
    const education = (interventionsQuery.data ?? [])
      .filter((intervention) => intervention.kind === "education" && Date.parse(intervention.startedAt) <= Date.now())
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))[0];
    const latest = [...(episodesQuery.data ?? [])].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))[0];
    if (education) return { educated: true, why: `Yes by default: education was recorded on ${formatDate(education.startedAt)}.` };
    if (latest?.ratedAfterEducation) return { educated: true, why: "Yes by default: the last episode was rated after education." };
    return { educated: false, why: "No by default: no education recorded for this client yet." };
  }, [interventionsQuery.data, episodesQuery.data]);

  const create = useMutation(trpc.episodes.create.mutationOptions());
  const update = useMutation(trpc.episodes.update.mutationOptions());
  const affected = ["clients", "caseload", "episodes", "interventions", "analytics", "alerts"] as const;

  // An untouched time keeps the stored instant to the millisecond; the input only shows minutes.
  const storedLocal = stored ? toLocalDateTimeInput(new Date(stored.occurredAt)) : null;
  const fieldsOf = (draft: EpisodeDraft) => ({
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
  });

  // Generated once per opened form and reused by every retry: the server's create is idempotent by id.
  const episodeForm = useRecordForm<EpisodeDraft, EpisodeSave>({
    defaultValues: episode ? draftOf(episode) : newDraft(),
    recordId: episode?.id,
    version: stored?.version,
    paused: conflict !== null,
    check: (draft, { id, version }) => {
      const fields = fieldsOf(draft);
      if (version === null) return checkWith(EpisodeCreateInput, { ...fields, id, clientId });
      // A client's own report may keep what they skipped: an edit sends those as null (feelings as none).
      const details = {
        types: fields.types,
        context: fields.context ?? null,
        durationSeconds: fields.durationSeconds ?? null,
        impact: fields.impact ?? null,
        ratedAfterEducation: fields.ratedAfterEducation ?? null,
      };
      const demanded = stored ? detailsToDemand(stored, details) : [];
      return checkWith(EpisodeUpdateInput, { ...fields, ...details, id, clientId, version }, demanded);
    },
    save: async (input) => {
      if ("version" in input) {
        const saved = await update.mutateAsync(input);
        void invalidate(affected);
        // The server raises an alert when an edit turns the answer to yes, as a new episode would.
        const raised = raisesSelfHarmAlert(stored?.selfHarmThoughts ?? null, saved.selfHarmThoughts);
        onSaved({
          message: `Episode of ${formatDateTime(saved.occurredAt)} updated: intensity ${saved.intensity} (${bandWords(saved.intensity)}).${
            raised ? " Urgent self-harm flag raised: same-day follow-up required." : ""
          }`,
          urgent: raised,
        });
        return;
      }
      const saved = await create.mutateAsync(input);
      void invalidate(affected);
      const urgent = saved.selfHarmThoughts;
      onSaved({
        message: `Episode recorded for ${clientName}: intensity ${saved.intensity} (${bandWords(saved.intensity)}).${
          urgent ? " Urgent self-harm flag raised: same-day follow-up required." : ""
        }`,
        urgent,
      });
    },
    onSaveError: (error) => versions.catchConflict(error, () => void invalidate(affected)),
  });
  const draft = episodeForm.values;
  const fields = fieldsOf(draft);

  const skipped = new Set<SkippableEpisodeField>(stored?.source === "client" ? skippedFields(stored) : []);
  const notGiven = (field: SkippableEpisodeField, empty: boolean) => (skipped.has(field) && empty ? NOT_GIVEN : undefined);
  const duration = fields.durationSeconds;

  return (
    <form ref={episodeForm.formRef} className="recording-form" onSubmit={episodeForm.submit} onKeyDown={submitOnEnter} noValidate>
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
          onUseTheirs={() => versions.takeTheirs((theirs) => episodeForm.load(draftOf(theirs)))}
          onOverwrite={() => versions.overwrite((version) => episodeForm.submit(undefined, { version }))}
          busy={episodeForm.busy}
        />
      ) : null}
      <FormAlert message={episodeForm.formError} fieldCount={episodeForm.invalidCount} />
      {episode?.source === "client" ? <SelfReportedNotice episode={episode} /> : null}

      <IntensityScale value={draft.intensity} onChange={(value) => episodeForm.set("intensity", value)} errors={episodeForm.errorsFor("intensity")} autoFocus />

      <CheckboxGroup
        legend="What the client felt"
        hint={notGiven("types", draft.types.length === 0) ?? "Choose every one that applies."}
        name="types"
        options={DYSPHORIA_TYPE_OPTIONS}
        values={draft.types}
        onChange={(values) => episodeForm.set("types", values)}
        errors={episodeForm.errorsFor("types")}
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
        onChange={(value) => episodeForm.set("selfHarmThoughts", value === "yes")}
        errors={episodeForm.errorsFor("selfHarmThoughts")}
      />
      <SelfHarmNotice clientName={clientName} before={stored?.selfHarmThoughts ?? null} after={draft.selfHarmThoughts} />

      <div className="recording-form__details">
        <h3 className="recording-form__subheading">Details</h3>
        {editing ? null : (
          <p className="field__hint recording-form__details-hint">Filled in with the usual answers: change any that differ.</p>
        )}
        <Field label="When it happened" type="datetime-local" {...episodeForm.text("occurredAt")} />
        <RadioGroup
          legend="Context"
          name="context"
          layout="row"
          options={Object.entries(CONTEXT_LABELS).map(([value, label]) => ({ value: value as EpisodeContext, label }))}
          hint={notGiven("context", draft.context === null)}
          value={draft.context}
          onChange={(value) => episodeForm.set("context", value)}
          errors={episodeForm.errorsFor("context")}
        />
        <RadioGroup
          legend="Which let-down"
          name="letDown"
          layout="row"
          options={Object.entries(LET_DOWN_LABELS).map(([value, label]) => ({ value: value as LetDown, label }))}
          value={draft.letDown}
          onChange={(value) => episodeForm.set("letDown", value)}
          errors={episodeForm.errorsFor("letDown")}
        />
        <Field
          label="Duration (seconds)"
          type="number"
          inputMode="numeric"
          min={0}
          max={86400}
          step={1}
          {...episodeForm.text("durationSeconds")}
          hint={
            notGiven("durationSeconds", duration === undefined) ??
            (duration !== undefined && duration > 300
              ? "Longer than 5 minutes is unusual for DMER: worth a second look."
              : "Most episodes last 1 to 5 minutes (60 to 300 seconds).")
          }
        />
        <RadioGroup
          legend="Impact on feeding"
          name="impact"
          layout="row"
          options={Object.entries(IMPACT_LABELS).map(([value, label]) => ({ value: value as Impact, label }))}
          hint={notGiven("impact", draft.impact === null)}
          value={draft.impact}
          onChange={(value) => episodeForm.set("impact", value)}
          errors={episodeForm.errorsFor("impact")}
        />
        <RadioGroup
          legend="Rated after the client learned about DMER"
          name="ratedAfterEducation"
          layout="row"
          hint={editing ? notGiven("ratedAfterEducation", draft.ratedAfterEducation === null) : history.why}
          options={YES_NO}
          value={toYesNo(fields.ratedAfterEducation ?? null)}
          onChange={(value) => episodeForm.set("ratedAfterEducation", value === "yes")}
          errors={episodeForm.errorsFor("ratedAfterEducation")}
        />
        <TextAreaField label="Notes (optional)" maxLength={5000} {...episodeForm.text("notes")} />
      </div>

      <FormActions
        submitLabel={editing ? "Save changes" : "Save episode"}
        busyLabel="Saving…"
        busy={episodeForm.busy}
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
