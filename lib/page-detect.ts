/**
 * A page detector: a pure function of the URL, with the example URLs it must accept. The unit test
 * checks every detector against every other detector's examples, so two detectors never claim the
 * same page (the github-url-detection idea).
 */
export interface Detector {
  readonly id: string;
  readonly examples: readonly string[];
  test(url?: URL | Location): boolean;
}

export function detector(id: string, examples: readonly string[], test: (url: URL) => boolean): Detector {
  return { id, examples, test: (url = location) => test(new URL(url.href)) };
}
