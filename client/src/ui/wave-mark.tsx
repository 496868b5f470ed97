/** Wave's logo mark; decorative, the word "Wave" always stands beside it. */
export function WaveMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path d="M5 19c3.5 0 3.5-6 7-6s3.5 6 7 6 3.5-6 7-6" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
