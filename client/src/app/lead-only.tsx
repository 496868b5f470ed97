import type { ReactNode } from "react";
import { usePageTitle } from "../ui/page-title";
import { useSignedInUser } from "./signed-in-user";

export const LEAD_ONLY_MESSAGE = "Only a practice lead can see this page";

/** The page a consultant sees at a lead's address: what the API's FORBIDDEN means, in plain words. */
export function LeadOnlyNotice({ detail }: { detail?: string | undefined }) {
  return (
    <section className="page-section lead-only" aria-labelledby="lead-only-heading">
      <h1 id="lead-only-heading">{LEAD_ONLY_MESSAGE}</h1>
      <p>{detail ?? "This page shows the whole practice. Ask your practice lead if you need something from it."}</p>
    </section>
  );
}

/** Renders its children for a practice lead only; nothing of theirs runs (or queries) for anyone else. */
export function LeadOnly({ title, children }: { title: string; children: ReactNode }) {
  const me = useSignedInUser();
  usePageTitle(me.role === "lead" ? title : LEAD_ONLY_MESSAGE);
  if (me.role !== "lead") return <LeadOnlyNotice />;
  return <>{children}</>;
}
