export * from "./enums.js";
export * from "./severity.js";
export * from "./trend.js";
export * from "./epds.js";
export * from "./flags.js";
export * from "./attention.js";
export * from "./postpartum.js";
export * from "./schemas.js";
