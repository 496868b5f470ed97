import type { WaveDatabase } from "@wave/db";
import { LIVE_CHANGE_KINDS, type LiveChange, type Role } from "@wave/shared";
import { z } from "zod";
import type { Logger } from "../logger.js";

// Writes reach open screens (docs/decisions/0014-live-updates.md): statement
// triggers NOTIFY this channel at commit (migration 2026-12-01T0001), every app
// process LISTENs, and each fans the change out to the event streams of the
// users allowed to see that client.
export const CHANGES_CHANNEL = "wave_changes";

/** What the triggers send: ids and a table name, never health data. */
const ChangeNotification = z.object({
  p: z.uuid(),
  c: z.uuid(),
  k: z.enum(LIVE_CHANGE_KINDS),
  u: z.array(z.uuid()),
});
type ChangeNotification = z.infer<typeof ChangeNotification>;

/** Who holds an event stream; read at each delivery, so a re-checked session can update it. */
export interface Viewer {
  userId: string;
  practiceId: string;
  role: Role;
}

export interface ChangeSubscriber {
  viewer(): Viewer;
  change(change: LiveChange): void;
  /** Changes may have been missed (the listener reconnected): refetch everything. */
  resync(): void;
  /** The feed is stopping. */
  close(): void;
}

export interface ChangeFeed {
  /** Returns the unsubscribe. */
  subscribe(subscriber: ChangeSubscriber): () => void;
  /** Closes every stream, then stops listening. */
  stop(): Promise<void>;
}

/** The same rule as the clients policy: a lead sees the whole practice, a consultant their own clients. */
export function mayReceive(viewer: Viewer, notification: ChangeNotification): boolean {
  if (viewer.practiceId !== notification.p) return false;
  return viewer.role === "lead" || notification.u.includes(viewer.userId);
}

export interface FanOut {
  subscribe(this: void, subscriber: ChangeSubscriber): () => void;
  /** One NOTIFY payload, straight from the listener. */
  deliver(this: void, payload: string): void;
  resync(this: void): void;
  closeAll(this: void): void;
  size(this: void): number;
}

/** The fan-out on its own, so it can be tested without a database. */
export function createFanOut(log: Logger): FanOut {
  const subscribers = new Set<ChangeSubscriber>();

  // One stream failing must not keep the change from the others.
  const each = (work: (subscriber: ChangeSubscriber) => void) => {
    for (const subscriber of [...subscribers]) {
      try {
        work(subscriber);
      } catch (error) {
        log.warn({ err: error }, "a live event stream failed; it is dropped");
        subscribers.delete(subscriber);
      }
    }
  };

  return {
    subscribe: (subscriber) => {
      subscribers.add(subscriber);
      return () => void subscribers.delete(subscriber);
    },
    deliver: (payload) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch {
        parsed = undefined;
      }
      const notification = ChangeNotification.safeParse(parsed);
      if (!notification.success) {
        // Its size only: whatever it holds is not ours to log.
        log.warn({ bytes: payload.length }, "ignored a malformed live notification");
        return;
      }
      const change: LiveChange = { kind: notification.data.k, clientId: notification.data.c };
      each((subscriber) => {
        if (mayReceive(subscriber.viewer(), notification.data)) subscriber.change(change);
      });
    },
    resync: () => each((subscriber) => subscriber.resync()),
    closeAll: () => {
      each((subscriber) => subscriber.close());
      subscribers.clear();
    },
    size: () => subscribers.size,
  };
}

export async function startChangeFeed(database: Pick<WaveDatabase, "listen">, log: Logger): Promise<ChangeFeed> {
  const fanOut = createFanOut(log);
  const stopListening = await database.listen(CHANGES_CHANNEL, fanOut.deliver, () => {
    log.info({ streams: fanOut.size() }, "live listener reconnected; open screens refetch");
    fanOut.resync();
  });
  let stopped: Promise<void> | undefined;
  return {
    subscribe: fanOut.subscribe,
    stop() {
      stopped ??= (async () => {
        fanOut.closeAll();
        await stopListening();
      })();
      return stopped;
    },
  };
}
