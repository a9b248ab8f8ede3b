/** A MISO error with the status and `/rest` error body fields it should produce (docs/qc-in-miso.md#qc-status-writes). */
export class MisoError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly dataFormat: 'custom' | 'validation' | 'bulk validation' = 'custom',
    readonly data: Record<string, string> | null = null,
  ) {
    super(message);
    this.name = 'MisoError';
  }
}

export const notFound = (message: string) => new MisoError(404, message);

export const validationError = (field: string, message: string) =>
  new MisoError(400, message, 'validation', { [field]: message });
