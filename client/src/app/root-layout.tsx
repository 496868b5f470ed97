import { useEffect, useRef, type MouseEvent } from "react";
import { NavigationType, Outlet, useLocation, useNavigationType } from "react-router-dom";

function focusMain(): void {
  document.getElementById("main")?.focus();
}

/**
 * Wraps every page: the skip link, and focus moved to the new page when the
 * user follows an in-app link (as a full page load would), so keyboard and
 * screen-reader users start at the new content. Redirects and back/forward
 * leave focus alone.
 */
export function RootLayout() {
  const { pathname } = useLocation();
  const navigationType = useNavigationType();
  const previousPathname = useRef(pathname);

  useEffect(() => {
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    if (navigationType === NavigationType.Push) focusMain();
  }, [pathname, navigationType]);

  function skip(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    focusMain();
  }

  return (
    <>
      <a className="skip-link" href="#main" onClick={skip}>
        Skip to main content
      </a>
      <Outlet />
    </>
  );
}
