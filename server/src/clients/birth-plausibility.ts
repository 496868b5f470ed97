import type { Tx } from "@wave/db";
import { isPlausibleForBirth, tooLongBeforeBirth } from "@wave/shared";
import { fieldError } from "../errors.js";
import { findClientProfile, type ClientKey } from "./clients.repository.js";

/**
 * A record of this baby's feeding (an episode, an EPDS, an intervention for
 * them) long before the baby's birth cannot be about them: the rule is in
 * @wave/shared/plausibility.ts; only the server knows the birth date. Refused
 * on `field`, labelled as the form labels it.
 */
export async function assertPlausibleForBirth(
  tx: Tx,
  client: ClientKey,
  at: Date,
  field: { name: string; label: string },
): Promise<void> {
  const profile = await findClientProfile(tx, client);
  // A client the caller cannot see answers NOT_FOUND further on, as before.
  if (profile) assertPlausibleForBirthDate(profile.babyBirthDate, at, field);
}

/** The same rule when the birth date is already known (a self-report link reads it its own way). */
export function assertPlausibleForBirthDate(babyBirthDate: string, at: Date, field: { name: string; label: string }): void {
  if (!isPlausibleForBirth(at, babyBirthDate)) throw fieldError(field.name, tooLongBeforeBirth(field.label));
}
