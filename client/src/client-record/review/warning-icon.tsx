/** A warning sign that stands beside words such as "Yes" or an interpretation; never alone. */
export function WarningIcon() {
  return (
    <svg className="warning-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M8 1 L15.5 14.5 H0.5 Z" fill="currentColor" />
      <rect x="7.1" y="5.5" width="1.8" height="5" fill="#fff" />
      <rect x="7.1" y="11.6" width="1.8" height="1.8" fill="#fff" />
    </svg>
  );
}
