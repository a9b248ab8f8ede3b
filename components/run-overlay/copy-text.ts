/** Puts text on the clipboard; the container supplies it (components use no browser APIs of their own). */
export type CopyText = (text: string) => Promise<void>;

/** Copies `text` and resolves with the sentence to show in a status line, whether it worked or not. */
export async function copyWithNotice(copy: CopyText, text: string, what = `“${text}”`): Promise<string> {
  try {
    await copy(text);
    return `Copied ${what}.`;
  } catch (error) {
    return `Could not copy ${what}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
