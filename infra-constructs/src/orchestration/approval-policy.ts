/**
 * When a run in the `execute` lane stops at the approval gate: `always` (a person decides every run that
 * writes, whatever the critic says) or `on-critic-request` (only when the critic answers `needs_approval`, as
 * in the other lanes).
 *
 * @public
 */
export type ExecuteApproval = 'always' | 'on-critic-request';

/** Every {@link ExecuteApproval}, for validation and error messages. @public */
export const EXECUTE_APPROVALS: readonly ExecuteApproval[] = [
  'always',
  'on-critic-request',
];

/** Whether `value` is an {@link ExecuteApproval}. @public */
export function isExecuteApproval(value: unknown): value is ExecuteApproval {
  return (
    typeof value === 'string' &&
    (EXECUTE_APPROVALS as readonly string[]).includes(value)
  );
}

/**
 * Who must approve what at the approval gate. Only tiers with an approval gate (`TIER_FACTS[tier].approvalGate`)
 * use it.
 *
 * @public
 */
export interface MeshApprovals {
  /**
   * Whether a run in the `execute` lane always waits for a person at the approval gate, or only when the
   * critic asks for it.
   * @default 'always'
   */
  readonly execute?: ExecuteApproval;
}
