import { parseArgs } from "node:util";
import { z } from "zod";
import { hashPassword, migrateToLatest, openDatabase } from "@wave/db";
import { MIN_PASSWORD_LENGTH, Role } from "@wave/shared";
import { parseEnv } from "../env.js";
import { readPassword } from "./read-password.js";

const USAGE = `Creates a Wave user for a real deployment.

  pnpm user:create --email EMAIL --name "FULL NAME" --role consultant|lead --practice "PRACTICE NAME" [--create-practice]

The password is read without echo from the terminal, or from the first line of
standard input when piped. It must be at least ${MIN_PASSWORD_LENGTH} characters.
--create-practice creates the practice if no practice has that name yet.`;

const Options = z.object({
  email: z.email({ error: "--email must be an email address" }).transform((email) => email.toLowerCase()),
  name: z.string().trim().min(1, { error: "--name is required" }).max(200),
  role: Role,
  practice: z.string().trim().min(1, { error: "--practice is required" }).max(200),
  "create-practice": z.boolean().default(false),
});

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      practice: { type: "string" },
      "create-practice": { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const parsed = Options.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("\n"));
  const options = parsed.data;

  const password = await readPassword(`Password for ${options.email}: `);
  if (password.length < MIN_PASSWORD_LENGTH) fail(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);

  const env = parseEnv();
  const database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
  try {
    await migrateToLatest(database.db);
    const passwordHash = await hashPassword(password);
    // An operator's tool: it runs as the database owner, as migrations do.
    const created = await database.db.transaction().execute(async (tx) => {
      let practice = await tx.selectFrom("practices").select("id").where("name", "=", options.practice).executeTakeFirst();
      if (!practice) {
        if (!options["create-practice"]) {
          fail(`No practice is named "${options.practice}". Check the name, or add --create-practice.`);
        }
        practice = await tx.insertInto("practices").values({ name: options.practice }).returning("id").executeTakeFirstOrThrow();
      }
      const existing = await tx.selectFrom("users").select("id").where("email", "=", options.email).executeTakeFirst();
      if (existing) fail(`A user with the email ${options.email} already exists.`);
      const user = await tx
        .insertInto("users")
        .values({
          practice_id: practice.id,
          email: options.email,
          name: options.name,
          role: options.role,
          password_hash: passwordHash,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("audit_log")
        .values({
          practice_id: practice.id,
          actor_id: null,
          action: "user.create",
          entity: "user",
          entity_id: user.id,
          details: JSON.stringify({ role: options.role, via: "cli" }),
        })
        .execute();
      return user;
    });
    process.stdout.write(`Created ${options.role} ${options.email} (id ${created.id}) in "${options.practice}".\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`user:create failed: ${error instanceof Error ? error.message : "unknown error"}\n`);
  process.exit(1);
});
