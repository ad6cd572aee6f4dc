/** Why a read of an AWS source failed, as callers keep and show it. */
export interface SourceError {
  name: string;
  message: string;
}

/**
 * Turns whatever an AWS call threw into a {@link SourceError}: the SDK's error name
 * (e.g. `ThrottlingException`, `AccessDeniedException`, `TimeoutError`) and its message.
 */
export function toSourceError(error: unknown): SourceError {
  if (error instanceof Error) {
    return {
      name: error.name || 'Error',
      message: error.message || String(error),
    };
  }
  return { name: 'Error', message: String(error) };
}
