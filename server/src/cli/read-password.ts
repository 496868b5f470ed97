import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/**
 * Reads a password without echoing it: typed at a terminal, or the first
 * line of standard input when piped (`printf '%s\n' "$PW" | pnpm user:create ...`).
 * Never from a command-line flag, which would land in shell history.
 */
export async function readPassword(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(prompt, (answer) => {
        if (process.stdin.isTTY) process.stdout.write("\n");
        resolve(answer);
      });
      muted = true;
    });
  } finally {
    rl.close();
  }
}
