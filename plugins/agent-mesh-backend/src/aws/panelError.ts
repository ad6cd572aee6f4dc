/**
 * Turns whatever an AWS call threw into the `{ name, message }` a panel shows: the SDK's error name
 * (e.g. `ThrottlingException`, `AccessDeniedException`, `TimeoutError`) and its message.
 */
export function toPanelError(error: unknown): {
  name: string;
  message: string;
} {
  if (error instanceof Error) {
    return {
      name: error.name || 'Error',
      message: error.message || String(error),
    };
  }
  return { name: 'Error', message: String(error) };
}
