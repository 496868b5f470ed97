import type { Insertable } from "kysely";
import type { ScreeningsTable, Tx } from "@wave/db";
import { interpretEpds, type Screening } from "@wave/shared";

function selectScreenings(tx: Tx) {
  return tx
    .selectFrom("screenings")
    // A client's own EPDS has no recorder.
    .leftJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "screenings.practice_id").onRef("users.id", "=", "screenings.recorded_by"),
    )
    .select([
      "screenings.id",
      "screenings.client_id",
      "screenings.instrument",
      "screenings.taken_at",
      "screenings.answers",
      "screenings.total",
      "screenings.item10",
      "screenings.source",
      "users.name as recorded_by_name",
    ]);
}

type ScreeningRow = Awaited<ReturnType<ReturnType<typeof selectScreenings>["executeTakeFirstOrThrow"]>>;

function toScreening(row: ScreeningRow): Screening {
  return {
    id: row.id,
    clientId: row.client_id,
    instrument: row.instrument,
    takenAt: row.taken_at.toISOString(),
    answers: row.answers,
    total: row.total,
    item10: row.item10,
    interpretation: interpretEpds(row.total, row.item10),
    source: row.source,
    recordedByName: row.recorded_by_name,
  };
}

export async function insertScreeningIfAbsent(tx: Tx, row: Insertable<ScreeningsTable>): Promise<boolean> {
  const result = await tx
    .insertInto("screenings")
    .values(row)
    .onConflict((conflict) => conflict.columns(["practice_id", "id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findScreening(tx: Tx, screeningId: string): Promise<Screening | undefined> {
  const row = await selectScreenings(tx).where("screenings.id", "=", screeningId).executeTakeFirst();
  return row ? toScreening(row) : undefined;
}

export async function listScreenings(tx: Tx, clientId: string): Promise<Screening[]> {
  const rows = await selectScreenings(tx)
    .where("screenings.client_id", "=", clientId)
    .orderBy("screenings.taken_at", "desc")
    .execute();
  return rows.map(toScreening);
}
