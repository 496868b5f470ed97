import type { Tx } from "@wave/db";
import { isPlausibleForBirth, tooLongBeforeBirth } from "@wave/shared";
import { fieldError } from "../errors.js";
import { findClientProfile } from "./clients.repository.js";

/**
 * A record of this baby's feeding (an episode, an EPDS, an intervention for
 * them) long before the baby's birth cannot be about them: the rule is in
 * @wave/shared/plausibility.ts; only the server knows the birth date. Refused
 * on `field`, labelled as the form labels it.
 */
export async function assertPlausibleForBirth(
  tx: Tx,
  clientId: string,
  at: Date,
  field: { name: string; label: string },
): Promise<void> {
  const client = await findClientProfile(tx, clientId);
  // A client the caller cannot see answers NOT_FOUND further on, as before.
  if (client) assertPlausibleForBirthDate(client.babyBirthDate, at, field);
}

/** The same rule when the birth date is already known (a self-report link reads it its own way). */
export function assertPlausibleForBirthDate(babyBirthDate: string, at: Date, field: { name: string; label: string }): void {
  if (!isPlausibleForBirth(at, babyBirthDate)) throw fieldError(field.name, tooLongBeforeBirth(field.label));
}
