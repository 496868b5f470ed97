import { lazy } from "react";

// The QR library loads with the first link created, not with the review page (as Recharts does, ADR 0012).
export const LazySelfReportQr = lazy(() => import("./self-report-qr").then((module) => ({ default: module.SelfReportQr })));
