/**
 * Test support: evaluates the `Parameters` of a JSONPath Pass state the way Step Functions does, for the
 * intrinsics the workflows use (`States.StringSplit`, `ArrayGetItem`, `StringToJson`, `Format`, `MathAdd`), with
 * AWS's input rules where they matter: `MathAdd` takes only 32-bit integers, `StringToJson` only valid JSON,
 * `ArrayGetItem` only an index inside the array. Paths are `$.a.b` (state input) and `$$.a.b` (context).
 */
export function evaluateParameters(
  parameters: Record<string, unknown>,
  input: unknown,
  context: unknown,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(parameters).map(([key, value]) =>
      key.endsWith('.$')
        ? [key.slice(0, -2), evaluate(String(value), input, context)]
        : [key, value],
    ),
  );
}

const INT32 = { min: -2147483648, max: 2147483647 };

function path(expression: string, input: unknown, context: unknown): unknown {
  const [root, ...fields] = expression.split('.');
  let value: any = root === '$$' ? context : input;
  for (const field of fields) {
    if (value === null || typeof value !== 'object' || !(field in value)) {
      throw new Error(`States.Runtime: ${expression} is not in the input`);
    }
    value = value[field];
  }
  return value;
}

/** Splits the arguments of a call at top-level commas. */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      args.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) args.push(current.trim());
  return args;
}

function evaluate(expression: string, input: unknown, context: unknown): any {
  const e = expression.trim();
  if (e.startsWith("'")) return e.slice(1, -1);
  if (/^-?\d+$/.test(e)) return Number(e);
  if (e.startsWith('$')) return path(e, input, context);
  const call = /^(States\.[A-Za-z]+)\((.*)\)$/s.exec(e);
  if (!call) throw new Error(`Cannot evaluate ${e}`);
  const args = splitArguments(call[2]).map(a => evaluate(a, input, context));
  switch (call[1]) {
    case 'States.StringSplit':
      // AWS splits at each character of the splitter; the workflows only use one-character splitters.
      return String(args[0])
        .split(new RegExp(`[${String(args[1]).replace(/[-\]\\^]/g, '\\$&')}]`))
        .filter(s => s !== '');
    case 'States.ArrayGetItem': {
      const [array, index] = args;
      if (!Number.isInteger(index) || index < 0 || index >= array.length) {
        throw new Error(`States.Runtime: index ${index} is out of range`);
      }
      return array[index];
    }
    case 'States.StringToJson':
      return JSON.parse(String(args[0]));
    case 'States.Format': {
      let i = 1;
      return String(args[0]).replace(/\{\}/g, () => String(args[i++]));
    }
    case 'States.MathAdd': {
      for (const n of args) {
        if (!Number.isInteger(n) || n < INT32.min || n > INT32.max) {
          throw new Error(
            `States.Runtime: MathAdd takes 32-bit integers (got ${n})`,
          );
        }
      }
      return args[0] + args[1];
    }
    default:
      throw new Error(`${call[1]} is not supported here`);
  }
}
