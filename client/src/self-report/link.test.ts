import type { SelfReportStatus } from "@wave/shared";
import { describe, expect, it } from "vitest";
import { findLink, forgetLink, rememberStatus } from "./link";
import { memoryStore } from "./storage";

const TOKEN = "Abc_-123".padEnd(43, "x");
const NEWER = "Zz9".padEnd(43, "y");
const STATUS: SelfReportStatus = { practiceName: "Be Well Baby", practicePhone: null, crisisLine: null, epdsRequested: false, expiresAt: "2026-02-01T00:00:00.000Z" };

describe("the link kept on the phone", () => {
  it("keeps the token from the link, so the installed app (opened as /r, no fragment) still works", async () => {
    const store = memoryStore();
    expect(await findLink(store, `#${TOKEN}`)).toEqual({ kind: "link", link: { token: TOKEN, status: null } });
    await rememberStatus(store, TOKEN, STATUS);
    expect(await findLink(store, "")).toEqual({ kind: "link", link: { token: TOKEN, status: STATUS } });
  });

  it("says there is no link when none was ever opened, and that a cut-short one has ended", async () => {
    const store = memoryStore();
    expect(await findLink(store, "")).toEqual({ kind: "none" });
    expect(await findLink(store, `#${TOKEN.slice(0, 30)}`)).toEqual({ kind: "malformed" });
  });

  it("takes a newer link over the one kept, and forgets only the link that ended", async () => {
    const store = memoryStore();
    await findLink(store, `#${TOKEN}`);
    await rememberStatus(store, TOKEN, STATUS);
    expect(await findLink(store, `#${NEWER}`)).toEqual({ kind: "link", link: { token: NEWER, status: null } });

    await forgetLink(store, TOKEN);
    expect(await findLink(store, "")).toEqual({ kind: "link", link: { token: NEWER, status: null } });
    // A late answer for the old link does not bring it back.
    await rememberStatus(store, TOKEN, STATUS);
    expect(await findLink(store, "")).toEqual({ kind: "link", link: { token: NEWER, status: null } });

    await forgetLink(store, NEWER);
    expect(await findLink(store, "")).toEqual({ kind: "none" });
  });
});
