// "Chrome on Linux" from a browser's user agent, so a user can tell their
// sessions apart. A handful of patterns covers the browsers staff use; a
// parsing library would buy precision nobody needs here, and anything
// unrecognised is shown as sent, shortened.

const BROWSERS: readonly [RegExp, string][] = [
  // Order matters: Edge, Opera and Samsung Internet also say "Chrome", and Chrome also says "Safari".
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChromium\//, "Chromium"],
  [/Chrome\/|\bCriOS\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: readonly [RegExp, string][] = [
  // iPhones and Android phones also say "Mac OS X" and "Linux".
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** How much of an unrecognised user agent is shown. */
export const MAX_RAW_CHARS = 60;

function firstMatch(userAgent: string, patterns: readonly [RegExp, string][]): string | null {
  return patterns.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
}

/** A plain description of the browser behind a user agent: "Firefox on Windows", or the agent itself, shortened. */
export function describeBrowser(userAgent: string | null): string {
  const agent = userAgent?.trim() ?? "";
  if (!agent) return "Unknown browser";
  const browser = firstMatch(agent, BROWSERS);
  const system = firstMatch(agent, SYSTEMS);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  const characters = [...agent];
  return characters.length > MAX_RAW_CHARS ? `${characters.slice(0, MAX_RAW_CHARS - 1).join("")}…` : agent;
}
