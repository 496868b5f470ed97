import type { Course, Effectiveness, Overview, Workload } from "./practice-types";

// Small API answers for the unit tests, in the exact shapes the router returns.

export const shown = (value: number) => ({ suppressed: false as const, value });
export const hidden = { suppressed: true as const, value: null };

export function overviewFixture(): Overview {
  return {
    threshold: 5,
    weeks: [
      {
        weekStart: "2026-11-09",
        activeClients: shown(55),
        episodes: shown(261),
        meanIntensity: shown(4.57),
        clientsByBand: { mild: shown(21), moderate: shown(14), severe: shown(8) },
        newClients: shown(9),
        discharges: hidden,
      },
      {
        weekStart: "2026-11-16",
        activeClients: shown(73),
        episodes: shown(861),
        meanIntensity: shown(5.48),
        clientsByBand: { mild: shown(27), moderate: shown(22), severe: hidden },
        newClients: shown(5),
        discharges: hidden,
      },
      {
        weekStart: "2026-11-23",
        activeClients: shown(72),
        episodes: shown(386),
        meanIntensity: shown(5.21),
        clientsByBand: { mild: shown(24), moderate: shown(19), severe: shown(11) },
        newClients: hidden,
        discharges: hidden,
      },
    ],
    flags: {
      // An operational count: never suppressed, however small.
      self_harm: shown(2),
      epds_high: shown(6),
      considering_weaning: shown(8),
      follow_up_overdue: shown(17),
      worsening: shown(5),
    },
    newClients: shown(43),
    discharges: shown(7),
    safety: { openAlerts: 3, acknowledgedOpen: 1, resolvedInRange: 4, medianHoursToResolve: 3.33, longestOpenHours: 26.5 },
  };
}

const noOutcomes = { resolved: hidden, improved: hidden, no_change: hidden, worse: hidden, stopped: hidden };

export function effectivenessFixture(): Effectiveness {
  return {
    threshold: 5,
    kinds: [
      {
        kind: "education",
        interventions: shown(78),
        clients: shown(78),
        outcomes: { ...noOutcomes, improved: shown(28), no_change: shown(20) },
        clientsWithEnoughData: shown(53),
        meanChange: shown(-0.97),
        ciLow: shown(-1.18),
        ciHigh: shown(-0.75),
      },
      {
        kind: "therapist_referral",
        interventions: hidden,
        clients: hidden,
        outcomes: noOutcomes,
        clientsWithEnoughData: hidden,
        meanChange: hidden,
        ciLow: hidden,
        ciHigh: hidden,
      },
    ],
  };
}

export function courseFixture(): Course {
  return {
    threshold: 5,
    expected: {
      mild: { band: "mild", resolvesBetweenWeeks: [0, 13], summary: "Often resolves once the client knows." },
      moderate: { band: "moderate", resolvesBetweenWeeks: [13, 52], summary: "Eases after education." },
      severe: { band: "severe", resolvesBetweenWeeks: null, summary: "May last until weaning." },
    },
    cells: [
      { week: 0, band: "mild", observedClients: shown(9), meanIntensity: shown(2.65), shareWithEpisodes: shown(1) },
      { week: 0, band: "moderate", observedClients: shown(13), meanIntensity: shown(5.35), shareWithEpisodes: shown(1) },
      { week: 0, band: "severe", observedClients: hidden, meanIntensity: hidden, shareWithEpisodes: hidden },
      { week: 1, band: "mild", observedClients: shown(16), meanIntensity: shown(2.48), shareWithEpisodes: shown(0.857) },
      { week: 1, band: "moderate", observedClients: shown(22), meanIntensity: shown(5.08), shareWithEpisodes: shown(1) },
      { week: 1, band: "severe", observedClients: shown(5), meanIntensity: shown(7.91), shareWithEpisodes: shown(1) },
    ],
  };
}

export function workloadFixture(): Workload {
  return {
    threshold: 5,
    rows: [
      {
        consultantId: "99bb03a8-0d34-4605-828e-5048a972ee10",
        consultantName: "Emily Carter",
        deactivated: false,
        activeClients: shown(37),
        flaggedClients: shown(9),
        overdueFollowUps: shown(8),
        episodes30d: shown(699),
      },
      {
        consultantId: "1d385372-80d0-4673-8685-70ec3b3cd7df",
        consultantName: "=Former Colleague",
        deactivated: true,
        activeClients: hidden,
        flaggedClients: hidden,
        overdueFollowUps: hidden,
        episodes30d: hidden,
      },
    ],
  };
}
