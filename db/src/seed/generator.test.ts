import { classifyTrend, dysphoriaTypes, scoreEpds, type WindowStats } from "@wave/shared";
import { describe, expect, it } from "vitest";
import { DEMO_SIGN_INS, planDemo } from "./demo.js";
import { planPractice } from "./plan.js";
import { syntheticPracticeSpec } from "./synthetic.js";
import type { ClientPlan, EpisodeRow, PracticePlan } from "./types.js";

const NOW = new Date("2026-03-15T14:30:00Z");
const DAY = 86_400_000;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const demo = planDemo(NOW);
const demoClients = demo.flatMap((practice) => practice.clients);
const large = planPractice(
  syntheticPracticeSpec({ practices: 1, clientsPerPractice: 600, episodesPerClient: 30, seed: 11 }, 1, NOW),
);

function window(episodes: readonly EpisodeRow[], from: Date, to: Date): WindowStats {
  const inside = episodes.filter((episode) => episode.occurred_at >= from && episode.occurred_at < to);
  const mean = inside.length ? inside.reduce((sum, episode) => sum + episode.intensity, 0) / inside.length : null;
  return { count: inside.length, mean };
}

function daysBefore(date: Date, days: number): Date {
  return new Date(date.getTime() - days * DAY);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** A self-harm report (episode or EPDS item 10) with no follow-up completed after it. */
function hasUnansweredSelfHarm(client: ClientPlan, since: Date): boolean {
  const reports = [
    ...client.episodes.filter((episode) => episode.self_harm_thoughts).map((episode) => episode.occurred_at),
    ...client.screenings.filter((screening) => screening.item10 > 0).map((screening) => screening.taken_at),
  ];
  return reports.some(
    (reportedAt) =>
      reportedAt >= since &&
      !client.followUps.some((followUp) => followUp.completed_at !== null && followUp.completed_at > reportedAt),
  );
}

function caseloads(plan: PracticePlan): Map<string, ClientPlan[]> {
  const byConsultant = new Map<string, ClientPlan[]>();
  for (const client of plan.clients) {
    const list = byConsultant.get(client.client.primary_consultant_id) ?? [];
    list.push(client);
    byConsultant.set(client.client.primary_consultant_id, list);
  }
  return byConsultant;
}

describe("seed plan", () => {
  it("is the same for the same seed and now, and different for another seed", () => {
    expect(planDemo(NOW)).toEqual(demo);
    const spec = { practices: 1, clientsPerPractice: 20, episodesPerClient: 10, seed: 3 };
    const first = planPractice(syntheticPracticeSpec(spec, 1, NOW));
    expect(planPractice(syntheticPracticeSpec(spec, 1, NOW))).toEqual(first);
    const other = planPractice(syntheticPracticeSpec({ ...spec, seed: 4 }, 1, NOW));
    expect(other.clients.map((client) => client.client.id)).not.toEqual(first.clients.map((client) => client.client.id));
  });

  it("has the demo practices, users and about 40 clients per consultant", () => {
    expect(demo.map((practice) => practice.practice.name)).toEqual(["Be Well Baby", "North Shore Lactation"]);
    expect(demo.flatMap((practice) => practice.staff.map((member) => [member.email, member.role]))).toEqual(
      DEMO_SIGN_INS.map((signIn) => [signIn.email, signIn.role]),
    );
    for (const practice of demo) {
      for (const clients of caseloads(practice).values()) expect(clients).toHaveLength(40);
    }
  });

  it("dates everything relative to now, with most clients active this week", () => {
    const later = new Date(NOW.getTime() + 90 * DAY);
    const shifted = planDemo(later).flatMap((practice) => practice.clients);
    for (const clients of [demoClients, shifted]) {
      const now = clients === demoClients ? NOW : later;
      const episodes = clients.flatMap((client) => client.episodes);
      expect(episodes.every((episode) => episode.occurred_at <= now && episode.recorded_at <= now)).toBe(true);
      const activeThisWeek = clients.filter((client) => client.episodes.some((e) => e.occurred_at >= daysBefore(now, 7)));
      expect(activeThisWeek.length / clients.length).toBeGreaterThan(0.6);
    }
  });

  it("draws about 40% mild, 40% moderate and 20% severe courses", () => {
    const share = (course: string) =>
      large.clients.filter((client) => client.profile.course === course).length / large.clients.length;
    expect(share("mild")).toBeCloseTo(0.4, 1);
    expect(share("moderate")).toBeCloseTo(0.4, 1);
    expect(share("severe")).toBeCloseTo(0.2, 1);
  });

  it("keeps severe clients at 7 or more until a prescriber referral, and mild ones at 3 or less lately", () => {
    const severeBefore = demoClients
      .filter((client) => client.profile.course === "severe")
      .flatMap((client) => {
        const referral = client.interventions.find((intervention) => intervention.kind === "prescriber_referral");
        if (!referral) return [];
        const before = window(client.episodes, daysBefore(referral.started_at, 14), referral.started_at);
        return before.mean === null ? [] : [before.mean];
      });
    expect(severeBefore.length).toBeGreaterThan(3);
    expect(mean(severeBefore)).toBeGreaterThanOrEqual(7);
    expect(Math.min(...severeBefore)).toBeGreaterThanOrEqual(6.5);

    const mildRecent = demoClients
      .filter((client) => client.profile.course === "mild")
      .flatMap((client) => window(client.episodes, daysBefore(NOW, 14), NOW).mean ?? []);
    expect(mildRecent.length).toBeGreaterThan(10);
    expect(mean(mildRecent)).toBeLessThanOrEqual(3);
  });

  it("eases moderate DMER by about two points after education, rated after education from then on", () => {
    const drops = large.clients
      .filter((client) => client.profile.course === "moderate")
      .flatMap((client) => {
        const education = client.interventions.find((intervention) => intervention.kind === "education");
        if (!education) return [];
        const start = education.started_at;
        const before = window(client.episodes, daysBefore(start, 7), start);
        const after = window(client.episodes, new Date(start.getTime() + 7 * DAY), new Date(start.getTime() + 21 * DAY));
        for (const episode of client.episodes) {
          if (episode.rated_after_education !== null) expect(episode.rated_after_education).toBe(episode.occurred_at >= start);
        }
        return before.mean !== null && after.mean !== null ? [before.mean - after.mean] : [];
      });
    expect(drops.length).toBeGreaterThan(50);
    expect(mean(drops)).toBeGreaterThan(1.5);
  });

  it("shows some severe clients worsening over the last fortnight", () => {
    const worsening = demoClients.filter(
      (client) =>
        classifyTrend(
          window(client.episodes, daysBefore(NOW, 28), daysBefore(NOW, 14)),
          window(client.episodes, daysBefore(NOW, 14), NOW),
        ) === "worsening",
    );
    expect(worsening.filter((client) => client.profile.course === "severe").length).toBeGreaterThanOrEqual(2);
  });

  it("records outcomes that fit what the episodes show", () => {
    let checked = 0;
    for (const client of [...demoClients, ...large.clients]) {
      for (const outcome of client.outcomes) {
        const intervention = client.interventions.find((candidate) => candidate.id === outcome.intervention_id);
        if (!intervention) throw new Error("outcome without its intervention");
        const days = (outcome.assessed_at.getTime() - intervention.started_at.getTime()) / DAY;
        expect(days).toBeGreaterThanOrEqual(5.5);
        expect(days).toBeLessThanOrEqual(22);
        if (outcome.outcome === "resolved") {
          expect(window(client.episodes, daysBefore(outcome.assessed_at, 5), outcome.assessed_at).count).toBe(0);
          continue;
        }
        const before = window(client.episodes, daysBefore(intervention.started_at, 14), intervention.started_at).mean;
        const after = window(client.episodes, new Date(intervention.started_at.getTime() + 2 * DAY), outcome.assessed_at).mean;
        if (before === null || after === null) continue;
        checked++;
        if (outcome.outcome === "improved") expect(after).toBeLessThanOrEqual(before - 1);
        if (outcome.outcome === "worse") expect(after).toBeGreaterThanOrEqual(before + 1);
        if (outcome.outcome === "no_change") expect(Math.abs(after - before)).toBeLessThan(1);
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("stores EPDS totals exactly as the scorer computes them from the answers", () => {
    const screenings = [...demoClients, ...large.clients].flatMap((client) => client.screenings);
    for (const screening of screenings) {
      expect(screening.answers).toHaveLength(10);
      expect(screening.answers.every((answer) => Number.isInteger(answer) && answer >= 0 && answer <= 3)).toBe(true);
      const { total, item10 } = scoreEpds(screening.answers);
      expect([screening.total, screening.item10]).toEqual([total, item10]);
    }
    for (const client of [...demoClients, ...large.clients]) {
      expect(client.screenings.length).toBeGreaterThanOrEqual(1);
      expect(client.screenings.length).toBeLessThanOrEqual(3);
    }
    const severeTotals = large.clients
      .filter((client) => client.profile.course === "severe")
      .flatMap((client) => client.screenings.map((screening) => screening.total));
    const mildTotals = large.clients
      .filter((client) => client.profile.course === "mild")
      .flatMap((client) => client.screenings.map((screening) => screening.total));
    expect(mean(severeTotals)).toBeGreaterThan(mean(mildTotals) + 4);
    expect(severeTotals.some((total) => total >= 13)).toBe(true);
  });

  it("gives every demo consultant an unanswered self-harm report, and keeps self-harm rare", () => {
    for (const practice of demo) {
      for (const clients of caseloads(practice).values()) {
        expect(clients.some((client) => hasUnansweredSelfHarm(client, daysBefore(NOW, 4)))).toBe(true);
      }
    }
    for (const clients of [demoClients, large.clients]) {
      const reporting = clients.filter(
        (client) =>
          client.episodes.some((episode) => episode.self_harm_thoughts) ||
          client.screenings.some((screening) => screening.item10 > 0),
      );
      expect(reporting.length / clients.length).toBeGreaterThanOrEqual(0.02);
      expect(reporting.length / clients.length).toBeLessThanOrEqual(0.06);
      // Earlier reports were followed up the same day.
      for (const client of reporting.filter((candidate) => candidate.selfHarm?.status === "followed_up")) {
        expect(hasUnansweredSelfHarm(client, new Date(0))).toBe(false);
      }
    }
  });

  it("keeps one open follow-up per active client, some overdue for every consultant", () => {
    for (const practice of demo) {
      for (const clients of caseloads(practice).values()) {
        const overdue = clients.filter((client) =>
          client.followUps.some((followUp) => followUp.completed_at === null && followUp.due_at < NOW),
        );
        expect(overdue.length).toBeGreaterThanOrEqual(1);
        expect(overdue.length / clients.length).toBeLessThan(0.5);
      }
    }
    for (const client of [...demoClients, ...large.clients]) {
      const open = client.followUps.filter((followUp) => followUp.completed_at === null);
      expect(open).toHaveLength(client.client.status === "active" ? 1 : 0);
      for (const followUp of client.followUps) {
        expect(followUp.completed_at === null).toBe(followUp.completed_by === null);
        if (followUp.completed_at) expect(followUp.completed_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
  });

  it("respects the table constraints and the clinical rules on every row", () => {
    const clients = [...demoClients, ...large.clients];
    const ids = new Set<string>();
    let selfReported = 0;
    let episodes = 0;
    let typical = 0;
    let long = 0;
    for (const client of clients) {
      expect(client.client.display_name).toMatch(/^[A-Z][a-z]+ [A-Z]\.$/);
      if (client.client.considering_weaning) expect(client.profile.course).toBe("severe");
      for (const row of [...client.episodes, ...client.interventions, ...client.screenings, client.client]) {
        expect(row.id).toMatch(UUID_V4);
        expect(ids.has(row.id)).toBe(false);
        ids.add(row.id);
      }
      for (const episode of client.episodes) {
        episodes++;
        expect(episode.source === "consultant").toBe(episode.recorded_by !== null);
        if (episode.source === "consultant") expect(episode.recorded_by).toBe(client.client.primary_consultant_id);
        else selfReported++;
        expect(Number.isInteger(episode.intensity) && episode.intensity >= 1 && episode.intensity <= 10).toBe(true);
        expect(episode.types.length).toBeGreaterThanOrEqual(1);
        expect(episode.types.every((type) => dysphoriaTypes.includes(type))).toBe(true);
        expect(episode.recorded_at.getTime()).toBeGreaterThanOrEqual(episode.occurred_at.getTime());
        if (episode.context === "pumping") expect(client.client.feeding_method).not.toBe("nursing");
        if (episode.context === "nursing") expect(client.client.feeding_method).not.toBe("pumping");
        if (episode.duration_seconds !== null) {
          if (episode.duration_seconds >= 30 && episode.duration_seconds <= 300) typical++;
          if (episode.duration_seconds > 300) long++;
        }
      }
      for (const intervention of client.interventions) {
        if (intervention.kind === "flange_fitting") expect(client.client.feeding_method).not.toBe("nursing");
        if (intervention.kind === "other") expect(intervention.details?.trim()).toBeTruthy();
        if (intervention.ended_at) expect(intervention.ended_at >= intervention.started_at).toBe(true);
      }
    }
    expect(selfReported / episodes).toBeGreaterThan(0.15);
    expect(selfReported / episodes).toBeLessThan(0.25);
    expect(typical / episodes).toBeGreaterThan(0.8);
    expect(long).toBeGreaterThan(0);
    expect(long / episodes).toBeLessThan(0.1);
  });
});
