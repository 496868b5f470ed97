import { describe, expect, it } from "vitest";
import {
  epdsRequestWords,
  episodesReceivedWords,
  expiryChoiceLabel,
  handoutText,
  linkStatusWords,
  screeningSourceWords,
} from "./self-report-words";

/** A fixed, zone-free date format, so the words are tested and not the reader's clock. */
const day = (iso: string) => iso.slice(0, 10);

describe("a link's status", () => {
  const link = { expiresAt: "2027-01-02T10:00:00.000Z", revokedAt: null };

  it("is said in words, with when it ends or ended", () => {
    expect(linkStatusWords({ ...link, status: "active" }, day)).toEqual({ label: "Active", tone: "good", detail: "works until 2027-01-02" });
    expect(linkStatusWords({ ...link, status: "expired" }, day)).toEqual({ label: "Expired", tone: "neutral", detail: "ended 2027-01-02" });
    expect(linkStatusWords({ ...link, status: "revoked", revokedAt: "2026-12-20T09:00:00.000Z" }, day)).toEqual({
      label: "Revoked",
      tone: "warning",
      detail: "revoked 2026-12-20",
    });
  });

  it("never carries meaning by colour alone: every status has its own word", () => {
    const labels = (["active", "expired", "revoked"] as const).map((status) => linkStatusWords({ ...link, status }, day).label);
    expect(new Set(labels).size).toBe(3);
  });
});

describe("the panel's other words", () => {
  it("count episodes received and name the expiry choices", () => {
    expect(episodesReceivedWords(0)).toBe("No episodes yet");
    expect(episodesReceivedWords(1)).toBe("1 episode received");
    expect(episodesReceivedWords(4)).toBe("4 episodes received");
    expect(expiryChoiceLabel(7)).toBe("7 days");
    expect(expiryChoiceLabel(1)).toBe("1 day");
  });

  it("say who asked for an EPDS and when, or nothing when none is open", () => {
    expect(epdsRequestWords(null, day)).toBeNull();
    expect(epdsRequestWords({ requestedAt: "2026-12-03T08:00:00.000Z", requestedByName: "Emily Carter" }, day)).toBe(
      "EPDS requested on 2026-12-03 by Emily Carter; the client's page offers it once.",
    );
  });

  it("mark the client's own screenings as a self-report, and name the consultant otherwise", () => {
    expect(screeningSourceWords({ source: "client", recordedByName: null })).toBe("Self-report");
    expect(screeningSourceWords({ source: "consultant", recordedByName: "Emily Carter" })).toBe("Emily Carter");
    expect(screeningSourceWords({ recordedByName: "Emily Carter" })).toBe("Emily Carter");
  });
});

describe("the handout", () => {
  const expiresAt = "2027-01-02T10:00:00.000Z";

  it("explains in DOMAIN.md's words for clients, with the practice's name and the expiry", () => {
    const text = handoutText({ practiceName: "Be Well Baby", phone: null, expiresAt }, day);
    expect(text.practiceName).toBe("Be Well Baby");
    expect(text.explanation).toBe(
      "When a feed brings a sudden wave of sadness, dread or anger, tap the link or scan the code and log it. This is a reflex. It's your body, not your heart.",
    );
    expect(text.expiry).toBe("The link works until 2027-01-02.");
    expect(text.phone).toBeNull();
  });

  it("gives the practice's phone only when one is set", () => {
    expect(handoutText({ practiceName: "Be Well Baby", phone: "020 7946 0000", expiresAt }, day).phone).toBe(
      "Questions? Call Be Well Baby on 020 7946 0000.",
    );
    expect(handoutText({ practiceName: "Be Well Baby", phone: "  ", expiresAt }, day).phone).toBeNull();
  });

  it("names no clinical label a client should not see (DOMAIN.md)", () => {
    const text = handoutText({ practiceName: "Be Well Baby", phone: "020 7946 0000", expiresAt }, day);
    const all = Object.values(text).join(" ").toLowerCase();
    for (const word of ["mild", "moderate", "severe", "band", "trend", "despondency", "anxiety", "depression"]) {
      expect(all).not.toContain(word);
    }
  });
});
