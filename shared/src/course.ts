import type { Band } from "./enums.js";

/**
 * The expected course by band (DOMAIN.md, after Heise 2011 and d-mer.org),
 * in weeks postpartum, for drawing behind a client's trend. Wave's rule for
 * moderate: 3-12 months. Severe has no expected end: it may last until weaning.
 */
export interface ExpectedCourse {
  band: Band;
  /** Weeks postpartum by which DMER usually self-corrects: [from, to], or null. */
  resolvesBetweenWeeks: [number, number] | null;
  summary: string;
}

const WEEKS_PER_MONTH = 52 / 12;

export const EXPECTED_COURSE: Record<Band, ExpectedCourse> = {
  mild: {
    band: "mild",
    resolvesBetweenWeeks: [0, Math.round(3 * WEEKS_PER_MONTH)],
    summary: "Often resolves once the client knows what DMER is; self-corrects within about 3 months.",
  },
  moderate: {
    band: "moderate",
    resolvesBetweenWeeks: [Math.round(3 * WEEKS_PER_MONTH), Math.round(12 * WEEKS_PER_MONTH)],
    summary: "Eases after education (often by 2-3 points); self-corrects at about 3-12 months.",
  },
  severe: {
    band: "severe",
    resolvesBetweenWeeks: null,
    summary: "May last until weaning; a prescriber's help may be needed; highest risk of stopping breastfeeding.",
  },
};
