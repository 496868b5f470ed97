import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { appRouter } from "@wave/server";
import { anonymousCaller, outcomeOf, signedInCaller, type Caller } from "@wave/server/testing";

/**
 * Every procedure of the router, and what each kind of caller gets from it.
 * A procedure without a row fails the suite; later features add rows, and
 * rows are never removed. "OK" means the call succeeds.
 */
type Outcome = "OK" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND";
const ACTORS = ["anonymous", "assignedConsultant", "otherConsultant", "lead", "otherPracticeLead"] as const;
type ActorName = (typeof ACTORS)[number];

interface Scenario {
  /** The client every call is about: assigned to "assignedConsultant". */
  clientId: string;
  assignedConsultantEmail: string;
}

interface MatrixRow {
  call: (caller: Caller, scenario: Scenario) => Promise<unknown>;
  expect: Record<ActorName, Outcome>;
}

const everyoneSignedIn: Record<ActorName, Outcome> = {
  anonymous: "UNAUTHORIZED",
  assignedConsultant: "OK",
  otherConsultant: "OK",
  lead: "OK",
  otherPracticeLead: "OK",
};
const whoMaySeeTheClient: Record<ActorName, Outcome> = {
  anonymous: "UNAUTHORIZED",
  assignedConsultant: "OK",
  otherConsultant: "NOT_FOUND",
  lead: "OK",
  otherPracticeLead: "NOT_FOUND",
};

const MATRIX: Record<string, MatrixRow> = {
  "auth.login": {
    call: (caller, scenario) => caller.auth.login({ email: scenario.assignedConsultantEmail, password: TEST_PASSWORD }),
    expect: { anonymous: "OK", assignedConsultant: "OK", otherConsultant: "OK", lead: "OK", otherPracticeLead: "OK" },
  },
  "auth.logout": { call: (caller) => caller.auth.logout(), expect: everyoneSignedIn },
  "auth.me": { call: (caller) => caller.auth.me(), expect: everyoneSignedIn },
  "caseload.list": { call: (caller) => caller.caseload.list(), expect: everyoneSignedIn },
  "clients.byId": {
    call: (caller, scenario) => caller.clients.byId({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
};

let database: WaveDatabase;
let practice: TestPractice;
let otherPractice: TestPractice;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Matrix");
  otherPractice = await createTestPractice(database.db, "Matrix other");
});
afterAll(() => database.close());

async function callerFor(actor: ActorName): Promise<Caller> {
  const emailOf: Record<Exclude<ActorName, "anonymous">, string> = {
    assignedConsultant: practice.consultants[0].email,
    otherConsultant: practice.consultants[1].email,
    lead: practice.lead.email,
    otherPracticeLead: otherPractice.lead.email,
  };
  return actor === "anonymous" ? anonymousCaller(database.db) : signedInCaller(database.db, emailOf[actor], TEST_PASSWORD);
}


describe("access matrix", () => {
  it("has a row for every procedure of the router, and no row for a procedure that does not exist", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(procedures);
  });

  for (const [path, row] of Object.entries(MATRIX)) {
    for (const actor of ACTORS) {
      it(`${path} as ${actor} -> ${row.expect[actor]}`, async () => {
        // A fresh caller per cell: some calls (auth.logout) end the session.
        const caller = await callerFor(actor);
        const scenario = { clientId: practice.clients[0][0], assignedConsultantEmail: practice.consultants[0].email };
        expect(await outcomeOf(row.call(caller, scenario))).toBe(row.expect[actor]);
      });
    }
  }
});
