export const SERVER_BUNDLE: string;
export function bundleServer(entry: string, outfile: string): Promise<void>;
