// What other packages (tests, the e2e server) may use of the server.
export { createApp, type AppOptions } from "./app.js";
export { DEFAULT_ATTEMPT_LIMITS, type AttemptLimitOptions } from "./auth/attempt-limits.js";
export { createLogger, type Logger } from "./logger.js";
export { startChangeFeed, type ChangeFeed } from "./live/change-feed.js";
export { assertClientBuilt, clientPaths, ClientNotBuiltError } from "./http/client-assets.js";
export { REPO_ROOT, parseEnv } from "./env.js";
export { openReadReplica } from "./startup/read-replica.js";
export { appRouter, type AppRouter } from "./router.js";
