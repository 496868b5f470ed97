import { describe, expect, it } from "vitest";
import { describeBrowser, MAX_RAW_CHARS } from "./browser-name";

const AGENTS: [string, string][] = [
  ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux"],
  ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "Chrome on Linux"],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows"],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"],
  ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS"],
  ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iPhone"],
  ["Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "Chrome on iPad"],
  ["Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet on Android"],
  ["Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS"],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/114.0.0.0", "Opera on Windows"],
];

describe("describing a session's browser", () => {
  it.each(AGENTS)("reads %s as %s", (agent, described) => {
    expect(describeBrowser(agent)).toBe(described);
  });

  it("says which system when the browser is not one it knows", () => {
    expect(describeBrowser("Mozilla/5.0 (X11; Linux x86_64) SomeKiosk/2.1")).toBe("A browser on Linux");
  });

  it("shows an unrecognised agent as sent, cut short", () => {
    expect(describeBrowser("curl/8.5.0")).toBe("curl/8.5.0");
    const long = `Probe/1.0 ${"x".repeat(100)}`;
    const shown = describeBrowser(long);
    expect([...shown]).toHaveLength(MAX_RAW_CHARS);
    expect(shown.endsWith("…")).toBe(true);
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
  });

  it("says so when the browser sent nothing", () => {
    expect(describeBrowser(null)).toBe("Unknown browser");
    expect(describeBrowser("   ")).toBe("Unknown browser");
  });
});
