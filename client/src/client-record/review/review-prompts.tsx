import type { ClientRecord } from "./review-types";

/**
 * Calm notes that help tell DMER apart from what it is not (DOMAIN.md,
 * "Prompts, never diagnoses"): each beside the data with its reason, in the
 * plain tone of a colleague's aside, never as a label or a flag.
 */
export function ReviewPrompts({ prompts }: { prompts: ClientRecord["prompts"] }) {
  if (prompts.length === 0) return null;
  return (
    <section className="review-prompts" aria-labelledby="review-prompts-heading" data-testid="review-prompts">
      <h2 id="review-prompts-heading" className="review-prompts__title">
        Worth considering
      </h2>
      <ul className="review-prompts__list">
        {prompts.map((prompt) => (
          <li key={prompt.kind} className="review-prompt">
            <span className="review-prompt__message">{prompt.message}</span>{" "}
            <span className="review-prompt__reason">Why: {prompt.reason}.</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
