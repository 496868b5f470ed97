import { lazy, Suspense, type ReactNode } from "react";
import type { RouteObject } from "react-router-dom";
import { AccountPage } from "../auth/account-page";
import { ChangePasswordPage } from "../auth/change-password-page";
import { AlertsPage } from "../alerts/alerts-page";
import { SignInPage } from "../auth/sign-in-page";
import { CaseloadPage } from "../caseload/caseload-page";
import { ClientPage } from "../client-record/client-page";
import { Loading } from "../ui/loading";
import { ACCOUNT_PATH, AppShell, CHANGE_PASSWORD_PATH } from "./app-shell";
import { HomeRedirect } from "./home-redirect";
import { NotFoundPage } from "./not-found-page";
import { RootLayout } from "./root-layout";

// The lead's pages (and Recharts with them) load only when a lead opens one.
const PracticePage = lazy(() => import("../practice/practice-page").then((module) => ({ default: module.PracticePage })));
const PracticeReportPage = lazy(() =>
  import("../practice/practice-report-page").then((module) => ({ default: module.PracticeReportPage })),
);
const StaffPage = lazy(() => import("../admin/staff-page").then((module) => ({ default: module.StaffPage })));
const AuditPage = lazy(() => import("../admin/audit-page").then((module) => ({ default: module.AuditPage })));

function Deferred({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading label="Opening the page…" />}>{children}</Suspense>;
}

export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    children: [
      { path: "/", element: <HomeRedirect /> },
      { path: "/sign-in", element: <SignInPage /> },
      {
        element: <AppShell />,
        children: [
          { path: "/caseload", element: <CaseloadPage /> },
          { path: "/clients/:clientId", element: <ClientPage /> },
          { path: "/alerts", element: <AlertsPage /> },
          { path: CHANGE_PASSWORD_PATH, element: <ChangePasswordPage /> },
          { path: ACCOUNT_PATH, element: <AccountPage /> },
          { path: "/practice", element: <Deferred><PracticePage /></Deferred> },
          { path: "/practice/report", element: <Deferred><PracticeReportPage /></Deferred> },
          { path: "/admin/staff", element: <Deferred><StaffPage /></Deferred> },
          { path: "/admin/audit", element: <Deferred><AuditPage /></Deferred> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
