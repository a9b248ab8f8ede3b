// What an overlay asks of the page it sits in. A click or key press in the overlay is the user gesture both need.

export const copyText = (text: string): Promise<void> => navigator.clipboard.writeText(text);

/** A download from the content script: a link to a Blob, clicked without being put in the page. */
export function saveFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
