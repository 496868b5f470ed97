import type { ButtonHTMLAttributes } from "react";
import styles from "./button.module.css";

/** primary: the one main action; secondary: the rest; quiet: a low-key action in a toolbar; danger: cannot be undone; link: inside text. */
export type ButtonVariant = "primary" | "secondary" | "quiet" | "danger" | "link";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Shows a busy label and blocks repeat presses while an action runs. */
  busy?: boolean;
}

/** The classes of a button: for a router <Link> that must look like one. */
export function buttonClassName(variant: ButtonVariant = "secondary", className?: string): string {
  // The global "button" names stay as hooks for layout rules in feature stylesheets.
  return [styles.button, styles[variant], "button", `button--${variant}`, className].filter(Boolean).join(" ");
}

export function Button({ variant = "secondary", busy = false, className, disabled, type = "button", children, ...rest }: ButtonProps) {
  return (
    <button {...rest} type={type} className={buttonClassName(variant, className)} disabled={disabled === true || busy} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}
