/** Saves text as a file through a temporary <a download>, then lets the object URL go. */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns: revoke a moment later.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
