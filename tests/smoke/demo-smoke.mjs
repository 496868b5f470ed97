// Smoke check of a freshly started demo over plain HTTP, as a script would use
// the API (CONTRACT.md): health, readiness, sign-in, a caseload, sign-out.
const base = process.argv[2] ?? "http://127.0.0.1:3000";

async function call(path, init = {}) {
  const response = await fetch(`${base}${path}`, init);
  const body = await response.json();
  return { response, body };
}

function check(condition, message) {
  if (!condition) {
    console.error(`demo smoke check failed: ${message}`);
    process.exit(1);
  }
}

const health = await call("/healthz");
check(health.response.status === 200 && health.body.status === "ok", "/healthz");
const ready = await call("/readyz");
check(ready.response.status === 200, "/readyz");

const login = await call("/trpc/auth.login", {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: "emily@bewellbaby.test", password: "demo-password" }),
});
check(login.response.status === 200, `auth.login answered ${login.response.status}`);
const cookie = login.response.headers.get("set-cookie")?.split(";")[0];
check(cookie?.startsWith("wave_session="), "auth.login set no session cookie");

const caseload = await call(`/trpc/caseload.list?input=${encodeURIComponent(JSON.stringify({ pageSize: 200 }))}`, {
  headers: { cookie },
});
check(caseload.response.status === 200, `caseload.list answered ${caseload.response.status}`);
const { rows, total, pinned } = caseload.body.result.data;
check(total >= 30 && rows.length === total, `expected Emily's ~40 clients, got ${total}`);
check(rows[0].flags.includes("self_harm"), "the first client should carry the urgent self-harm flag");
check(pinned.length >= 1 && pinned.every((row) => row.flags[0] === "self_harm"), "the urgent client should be pinned");

const alerts = await call(`/trpc/alerts.list?input=${encodeURIComponent(JSON.stringify({ status: "open" }))}`, { headers: { cookie } });
check(alerts.response.status === 200, `alerts.list answered ${alerts.response.status}`);
check(alerts.body.result.data.rows.length >= 1, "Emily should see her urgent client's open safety alert");

const logout = await call("/trpc/auth.logout", { method: "POST", headers: { cookie, "content-type": "application/json" } });
check(logout.response.status === 200, "auth.logout");
const after = await call("/trpc/auth.me", { headers: { cookie } });
check(after.response.status === 401, "the session still worked after sign-out");

console.log(
  `demo smoke check passed: ${total} clients for emily@bewellbaby.test, ${pinned.length} pinned, first flagged ${rows[0].flags.join(",")}`,
);
