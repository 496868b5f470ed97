import net from "node:net";
import { describe, expect, it } from "vitest";
import { databaseUnavailableReason, isDatabaseUnavailable } from "./database-errors.js";

/** A Postgres error as pg delivers it: an Error with the SQLSTATE in `code`. */
function postgresError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

/** A real refused connection: nothing listens on port 1. */
function refusedConnection(): Promise<Error> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 1 });
    socket.on("error", resolve);
  });
}

describe("databaseUnavailableReason: the database is away, not the query wrong", () => {
  it("recognises a server that cannot be reached", async () => {
    expect(databaseUnavailableReason(await refusedConnection())).toBe("ECONNREFUSED");
    expect(databaseUnavailableReason(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe("ECONNRESET");
  });

  it("recognises a server ending the connection: terminated backend, restart, start-up, full", () => {
    expect(databaseUnavailableReason(postgresError("57P01", "terminating connection due to administrator command"))).toBe("57P01");
    expect(databaseUnavailableReason(postgresError("57P03", "the database system is starting up"))).toBe("57P03");
    expect(databaseUnavailableReason(postgresError("53300", "sorry, too many clients already"))).toBe("53300");
    expect(databaseUnavailableReason(postgresError("08006", "connection failure"))).toBe("08006");
  });

  it("recognises the driver's own words for a lost or unobtainable connection", () => {
    expect(databaseUnavailableReason(new Error("Connection terminated unexpectedly"))).toBe("connection-terminated");
    expect(databaseUnavailableReason(new Error("Connection terminated due to connection timeout"))).toBe("connection-terminated");
    expect(databaseUnavailableReason(new Error("timeout exceeded when trying to connect"))).toBe("pool-timeout");
    expect(databaseUnavailableReason(new Error("PGlite is closed"))).toBe("closed");
    expect(databaseUnavailableReason(new Error("driver has already been destroyed"))).toBe("closed");
  });

  it("looks through causes and every address of a multi-address connect", async () => {
    const refused = await refusedConnection();
    expect(databaseUnavailableReason(new Error("query failed", { cause: refused }))).toBe("ECONNREFUSED");
    expect(databaseUnavailableReason(new AggregateError([new Error("other"), refused]))).toBe("ECONNREFUSED");
  });

  it("leaves every other failure alone: those are bugs or bad input, not an outage", () => {
    expect(isDatabaseUnavailable(postgresError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(postgresError("42P01", 'relation "episodes" does not exist'))).toBe(false);
    expect(isDatabaseUnavailable(new Error("Connection was fine, the query was not"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});
