import { describe, expect, it } from "vitest";
import { courseCsv, drillDownCsv, effectivenessCsv, overviewCsv, practiceReportCsv, workloadCsv } from "./practice-csv";
import { courseFixture, effectivenessFixture, overviewFixture, workloadFixture } from "./test-fixtures";
import { csvFilename, csvText, toCsv } from "../lib/csv";

const lines = (text: string) => text.replace(/^\uFEFF/, "").trimEnd().split("\n");

describe("CSV text", () => {
  it("starts with a byte-order mark and a header row, quoting only where needed", () => {
    const text = toCsv({ header: ["a", "b"], rows: [["x, y", 1.5], [null, "fewer than 5"]] });
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(lines(text)).toEqual(["a,b", '"x, y",1.5', ",fewer than 5"]);
  });

  it("keeps text that looks like a formula as text, and never touches numbers", () => {
    expect(csvText("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvText("-5 kg")).toBe("'-5 kg");
    expect(csvText("Emily Carter")).toBe("Emily Carter");
    expect(csvText(null)).toBe("");
  });

  it("names files after what they hold and the dates they cover", () => {
    expect(csvFilename("practice-report", ["2026-09-01", "2026-11-26"])).toBe("wave-practice-report-2026-09-01-to-2026-11-26.csv");
    expect(csvFilename("staff", ["2026-11-26"])).toBe("wave-staff-2026-11-26.csv");
  });
});

describe("dashboard tables as CSV", () => {
  it("exports the weekly overview with ISO weeks and 'fewer than 5' for suppressed cells", () => {
    expect(lines(toCsv(overviewCsv(overviewFixture())))).toEqual([
      "week_start,active_clients,episodes,mean_intensity,clients_mild,clients_moderate,clients_severe",
      "2026-11-09,55,261,4.57,21,14,8",
      "2026-11-16,73,861,5.48,27,22,fewer than 5",
      "2026-11-23,72,386,5.21,24,19,11",
    ]);
  });

  it("exports effectiveness with outcomes and the interval", () => {
    const [header, education, therapist] = lines(toCsv(effectivenessCsv(effectivenessFixture())));
    expect(header).toBe(
      "intervention_kind,interventions,clients,outcome_resolved,outcome_improved,outcome_no_change,outcome_worse,outcome_stopped,clients_with_enough_data,mean_change,ci95_low,ci95_high",
    );
    expect(education).toBe("education,78,78,fewer than 5,28,20,fewer than 5,fewer than 5,53,-0.97,-1.18,-0.75");
    expect(therapist?.split(",").slice(1).every((value) => value === "fewer than 5")).toBe(true);
  });

  it("exports the course and the workload", () => {
    expect(lines(toCsv(courseCsv(courseFixture())))[3]).toBe("0,severe,fewer than 5,fewer than 5,fewer than 5");
    expect(lines(toCsv(workloadCsv(workloadFixture())))).toEqual([
      "consultant,status,active_clients,flagged_clients,overdue_follow_ups,episodes_30d",
      "Emily Carter,active,37,9,8,699",
      "'=Former Colleague,deactivated,fewer than 5,fewer than 5,fewer than 5,fewer than 5",
    ]);
    expect(lines(toCsv(drillDownCsv([{ clientId: "c1", displayName: "Ava B", consultantName: "Sam" }])))).toEqual([
      "client_id,client,consultant",
      "c1,Ava B,Sam",
    ]);
  });
});

describe("the practice report CSV", () => {
  const report = practiceReportCsv({
    from: "2026-11-09",
    to: "2026-11-26",
    consultantName: null,
    today: "2026-11-26",
    overview: overviewFixture(),
    effectiveness: effectivenessFixture(),
    workload: workloadFixture(),
  });
  const text = lines(toCsv(report));

  it("is one table in long form: one number per row, under one header", () => {
    expect(text[0]).toBe("section,from,to,consultant,week_start,group,measure,value");
    expect(text).toContain("overview,2026-11-09,2026-11-26,All consultants,2026-11-16,,episodes,861");
    expect(text).toContain("overview,2026-11-09,2026-11-26,All consultants,2026-11-16,,clients_severe,fewer than 5");
    expect(text).toContain("overview,2026-11-09,2026-11-26,All consultants,,,new_clients,43");
    expect(text).toContain("flags,2026-11-26,2026-11-26,All consultants,,self_harm,clients_flagged,2");
    expect(text).toContain("effectiveness,2026-11-09,2026-11-26,All consultants,,education,mean_change,-0.97");
    expect(text).toContain("workload,2026-10-28,2026-11-26,,,Emily Carter,episodes_30d,699");
    expect(text).toContain("workload,2026-11-26,2026-11-26,,,'=Former Colleague (deactivated),active_clients,fewer than 5");
  });

  it("has every row as wide as the header", () => {
    for (const row of report.rows) expect(row).toHaveLength(report.header.length);
    // 3 weeks x 8 measures + 2 totals + 5 flags + 2 kinds x 11 measures + 2 consultants x 4 measures
    expect(report.rows).toHaveLength(24 + 2 + 5 + 22 + 8);
  });
});
