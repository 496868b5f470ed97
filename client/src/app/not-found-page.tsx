import { Link } from "react-router-dom";
import { usePageTitle } from "../ui/page-title";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <section className="page-section">
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/">Go to your caseload</Link>
      </p>
    </section>
  );
}
