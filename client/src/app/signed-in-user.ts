import { createContext, useContext } from "react";
import type { Me } from "../auth/use-me";

export const SignedInUserContext = createContext<Me | null>(null);

/** The signed-in user, for pages rendered inside the signed-in shell (which guarantees one). */
export function useSignedInUser(): Me {
  const me = useContext(SignedInUserContext);
  if (!me) throw new Error("useSignedInUser is only available inside the signed-in app shell");
  return me;
}
