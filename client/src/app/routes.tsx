import type { RouteObject } from "react-router-dom";
import { SignInPage } from "../auth/sign-in-page";
import { CaseloadPage } from "../caseload/caseload-page";
import { ClientPage } from "../clients/client-page";
import { AppShell } from "./app-shell";
import { HomeRedirect } from "./home-redirect";
import { NotFoundPage } from "./not-found-page";
import { RootLayout } from "./root-layout";

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
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
