import { z } from "zod";

// The same UUID rule as the server's inputs (z.uuid() in @wave/shared), so an
// id the client accepts from an address is one the server accepts too.
const Uuid = z.uuid();

export function isUuid(value: string | null | undefined): value is string {
  return Uuid.safeParse(value).success;
}
