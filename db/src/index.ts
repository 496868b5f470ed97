export * from "./schema.js";
export * from "./connection.js";
export * from "./data-dir-lock.js";
export * from "./migrate.js";
export * from "./transaction.js";
export * from "./passwords.js";
export * from "./env.js";
