import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import type { PracticeSettings } from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { changedFields } from "../audit/changed-fields.js";
import { notFound } from "../errors.js";
import { findPracticeSettings, updatePracticeContact } from "./practices.repository.js";

const PRACTICE_NOT_FOUND = "Your practice could not be found. Sign in again.";

/** What the client's self-report page and handout show; any member of the practice may read it. */
export function practiceSettings(db: Kysely<Database>, actor: Actor): Promise<PracticeSettings> {
  return withActor(db, actor, async (tx) => {
    const settings = await findPracticeSettings(tx, actor.practiceId);
    if (!settings) throw notFound(PRACTICE_NOT_FOUND);
    return settings;
  });
}

/** A lead sets the practice's phone and crisis line; null clears one. */
export function updatePracticeSettings(
  db: Kysely<Database>,
  actor: Actor,
  input: { phone: string | null; crisisLine: string | null },
): Promise<PracticeSettings> {
  return withActor(db, actor, async (tx) => {
    const before = await findPracticeSettings(tx, actor.practiceId);
    if (!before) throw notFound(PRACTICE_NOT_FOUND);
    await updatePracticeContact(tx, actor.practiceId, input);
    const after = await findPracticeSettings(tx, actor.practiceId);
    if (!after) throw notFound(PRACTICE_NOT_FOUND);
    await recordAudit(tx, actor, {
      action: "practice.update_settings",
      entity: "practice",
      entityId: actor.practiceId,
      details: { fields: changedFields(before, after) },
    });
    return after;
  });
}
