/**
 * Collects every problem with a construct's props so the caller sees all of them at once,
 * instead of fixing one, re-running synth, and meeting the next.
 *
 * @public
 */
export class PropsErrors {
  private readonly errors: string[] = [];

  constructor(private readonly constructName: string) {}

  /** Records `message` for `prop` when `ok` is false. */
  check(ok: boolean, prop: string, message: string): this {
    if (!ok) {
      this.errors.push(`${prop}: ${message}`);
    }
    return this;
  }

  /** The problems found so far, each starting with the prop it concerns. */
  get messages(): readonly string[] {
    return this.errors;
  }

  /** Throws one error listing every recorded problem, or does nothing when there are none. */
  throwIfAny(): void {
    if (this.errors.length > 0) {
      throw new Error(
        `Invalid ${this.constructName} props:\n  - ${this.errors.join(
          '\n  - ',
        )}`,
      );
    }
  }
}
