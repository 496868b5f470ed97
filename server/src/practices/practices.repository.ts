import type { Tx } from "@wave/db";
import type { PracticeSettings } from "@wave/shared";

/** The practice's name and how to reach it; row-level security shows a caller only their own practice. */
export async function findPracticeSettings(tx: Tx, practiceId: string): Promise<PracticeSettings | undefined> {
  const row = await tx
    .selectFrom("practices")
    .select(["name", "phone", "crisis_line"])
    .where("id", "=", practiceId)
    .executeTakeFirst();
  return row ? { practiceName: row.name, phone: row.phone, crisisLine: row.crisis_line } : undefined;
}

export async function updatePracticeContact(
  tx: Tx,
  practiceId: string,
  contact: { phone: string | null; crisisLine: string | null },
): Promise<void> {
  await tx
    .updateTable("practices")
    .set({ phone: contact.phone, crisis_line: contact.crisisLine })
    .where("id", "=", practiceId)
    .execute();
}
