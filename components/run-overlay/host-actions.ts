// What the page does for the overlay: the clipboard and file downloads. The container supplies them;
// components use no browser APIs of their own.

/** Puts text on the clipboard. */
export type CopyText = (text: string) => Promise<void>;

/** Offers text as a file download. */
export type SaveFile = (fileName: string, text: string, type: string) => void;

/** Copies `text` and resolves with the sentence to show in a status line, whether it worked or not. */
export async function copyWithNotice(copy: CopyText, text: string, what = `“${text}”`): Promise<string> {
  try {
    await copy(text);
    return `Copied ${what}.`;
  } catch (error) {
    return `Could not copy ${what}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
