import { useEffect, useRef, type MouseEvent } from "react";
import { Outlet, useLocation } from "react-router-dom";

function focusMain(): void {
  document.getElementById("main")?.focus();
}

/** Wraps every page: the skip link, and focus moved to the new page after in-app navigation. */
export function RootLayout() {
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    focusMain();
  }, [pathname]);

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
