// Seed data for Wave: the demo practices and synthetic practices at scale,
// both from one deterministic generator (plan the rows, then insert them).
export { DEMO_PASSWORD, DEMO_SIGN_INS, hasDemoPractices, planDemo, seedDemo } from "./demo.js";
export { seedSynthetic, syntheticPracticeSpec, type SyntheticOptions, type SyntheticResult } from "./synthetic.js";
export { isDatabaseEmpty, SeedConflictError } from "./database.js";
export { planPractice, summarizePlan, type PracticeSpec, type StaffSpec } from "./plan.js";
export { insertPlan } from "./insert.js";
export type { Course, CourseProfile } from "./courses.js";
export type { ClientPlan, PracticePlan, SeedSummary, SelfHarmPlan } from "./types.js";
