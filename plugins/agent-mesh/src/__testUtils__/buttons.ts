import { screen, waitFor } from '@testing-library/react';

/**
 * The button named `name`, once it is enabled: buttons guarded by a permission stay disabled until the
 * permission API answers.
 */
export async function findEnabledButton(name: string) {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled());
  return button;
}
