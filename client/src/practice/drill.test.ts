import { describe, expect, it } from "vitest";
import { courseDrill, effectivenessDrill, flagDrill, overviewDrill, workloadDrill } from "./drill";
import type { PracticeParams } from "./range";
import { hidden, shown } from "./test-fixtures";

const EMILY = "99bb03a8-0d34-4605-828e-5048a972ee10";
const practice: PracticeParams = { from: "2026-08-28", to: "2026-11-26", preset: "quarter", consultantId: null };
const emilyOnly: PracticeParams = { ...practice, consultantId: EMILY };

describe("drill-down descriptors", () => {
  it("name the overview cell with the dashboard's own range and consultant", () => {
    expect(overviewDrill(emilyOnly, "2026-11-16", "episodes", shown(861))).toEqual({
      input: { cell: "overview", from: "2026-08-28", to: "2026-11-26", consultantId: EMILY, weekStart: "2026-11-16", measure: "episodes" },
      title: "Episodes, week of 16 Nov 2026",
    });
    expect(overviewDrill(practice, "2026-11-16", "severe", shown(11))?.input).not.toHaveProperty("consultantId");
  });

  it("do not exist for suppressed cells", () => {
    expect(overviewDrill(practice, "2026-11-16", "severe", hidden)).toBeNull();
    expect(flagDrill(practice, "epds_high", hidden)).toBeNull();
    expect(courseDrill(practice, 0, "severe", hidden)).toBeNull();
    expect(workloadDrill(EMILY, "Emily Carter", "activeClients", hidden)).toBeNull();
    expect(effectivenessDrill(practice, "other", hidden)).toBeNull();
  });

  it("cover flags, course, workload and effectiveness outcomes", () => {
    expect(flagDrill(emilyOnly, "follow_up_overdue", shown(8))?.input).toEqual({ cell: "flag", flag: "follow_up_overdue", consultantId: EMILY });
    expect(courseDrill(practice, 3, "moderate", shown(23))?.input).toEqual({ cell: "course", week: 3, band: "moderate" });
    expect(workloadDrill(EMILY, "Emily Carter", "episodes30d", shown(699))).toEqual({
      input: { cell: "workload", consultantId: EMILY, measure: "episodes30d" },
      title: "Emily Carter: episodes, last 30 days",
    });
    expect(effectivenessDrill(practice, "education", shown(28), "improved")?.input).toEqual({
      cell: "effectiveness",
      from: "2026-08-28",
      to: "2026-11-26",
      kind: "education",
      outcome: "improved",
    });
  });

  it("keep the chosen consultant, so the list matches the number", () => {
    expect(effectivenessDrill(emilyOnly, "education", shown(78))?.input).toMatchObject({ cell: "effectiveness", consultantId: emilyOnly.consultantId });
  });
});
