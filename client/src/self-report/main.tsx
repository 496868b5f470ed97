import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { SelfReportApp } from "./self-report-app";
import "../ui/tokens.css";
import "./self-report.css";

// The client's self-report page: its own entry (report.html), with none of
// the staff app's shell, router or charts.

const container = document.getElementById("root");
if (!container) throw new Error("report.html has no #root element");

createRoot(container).render(
  <StrictMode>
    <SelfReportApp />
  </StrictMode>,
);

// The service worker keeps this page's shell for offline use; it is scoped to
// /r, so the staff app never has one. Vite's dev server has none to register.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/r" }).catch(() => {
    // Without it the page still works online; the outbox lives in IndexedDB either way.
  });
}
