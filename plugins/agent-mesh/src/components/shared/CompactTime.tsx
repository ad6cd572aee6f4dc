import { formatAge } from '../../format/age';

/** Short cells never break inside a word. */
export const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** A date as a table shows it: `Dec 1, 11:19 PM` (the year only when it is not this year's). */
export function shortDate(date: Date, now: Date = new Date()): string {
  return date.toLocaleString(undefined, {
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/**
 * A point in time on one line: relative (`3 d ago`) or a short date, with the full date and time in the
 * title (hover) and the `dateTime` attribute.
 */
export function CompactTime(props: {
  value: string | number | Date;
  variant?: 'relative' | 'short';
}) {
  const { value, variant = 'short' } = props;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  const text =
    variant === 'relative'
      ? `${formatAge(Math.max(0, (Date.now() - date.getTime()) / 1000))} ago`
      : shortDate(date);
  return (
    <time
      dateTime={date.toISOString()}
      title={date.toLocaleString()}
      style={NO_WRAP}
    >
      {text}
    </time>
  );
}

/**
 * For cells that wrap (reasons, descriptions): between words only. The Backstage theme gives table cells
 * `word-break: break-word`, which breaks inside words when a column is squeezed; with this the column
 * keeps its longest word and the table scrolls sideways in its card instead.
 */
export const WRAP_WORDS = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
} as const;
