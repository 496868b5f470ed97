import { SelfReportToken, type SelfReportStatus } from "@wave/shared";
import type { KeyValueStore } from "./storage";

// The link arrives as /r#<token>: the fragment never reaches a server log or a
// Referer. The token is kept on the phone too, so the installed app (which
// opens /r with no fragment) and a bookmark without it still work.

const LINK_KEY = "link";

export interface StoredLink {
  token: string;
  /** The last answer of selfReport.status: the practice's name and numbers, shown when offline. Nothing about the client. */
  status: SelfReportStatus | null;
}

/** The page's token: the link's fragment when there is one, else the one kept from an earlier visit. */
export type LinkLookup = { kind: "link"; link: StoredLink } | { kind: "malformed" } | { kind: "none" };

export function tokenFromHash(hash: string): string | null {
  let raw = hash.replace(/^#/, "");
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // A stray "%" cannot be part of a token; the shape check refuses it below.
  }
  raw = raw.trim();
  return raw === "" ? null : raw;
}

export async function findLink(store: KeyValueStore, hash: string): Promise<LinkLookup> {
  const fromHash = tokenFromHash(hash);
  const stored = await store.get<StoredLink>(LINK_KEY);
  if (fromHash === null) return stored ? { kind: "link", link: stored } : { kind: "none" };
  // A link cut short by a messaging app: no lookup can succeed, so say it has ended.
  if (!SelfReportToken.safeParse(fromHash).success) return { kind: "malformed" };
  if (stored?.token === fromHash) return { kind: "link", link: stored };
  // A new link from the consultant replaces the old one; reports already waiting keep their own token.
  const link: StoredLink = { token: fromHash, status: null };
  await store.set(LINK_KEY, link);
  return { kind: "link", link };
}

export async function rememberStatus(store: KeyValueStore, token: string, status: SelfReportStatus): Promise<void> {
  const stored = await store.get<StoredLink>(LINK_KEY);
  if (stored && stored.token !== token) return;
  await store.set(LINK_KEY, { token, status } satisfies StoredLink);
}

/** The link has ended: a lost phone keeps no working token. Only the ended one is forgotten. */
export async function forgetLink(store: KeyValueStore, token: string): Promise<void> {
  const stored = await store.get<StoredLink>(LINK_KEY);
  if (stored?.token === token) await store.del(LINK_KEY);
}
