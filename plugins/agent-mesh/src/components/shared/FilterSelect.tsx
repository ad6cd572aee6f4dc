import TextField from '@material-ui/core/TextField';

/**
 * A labelled native select with "All" first, for the filters above a table; `undefined` means all.
 * `idPrefix` keeps the ids of two filter rows on one page apart.
 */
export function FilterSelect(props: {
  idPrefix: string;
  label: string;
  value: string | undefined;
  options: readonly string[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <TextField
      select
      id={`${props.idPrefix}-${props.label.toLowerCase()}`}
      label={props.label}
      value={props.value ?? ''}
      onChange={event => props.onChange(event.target.value || undefined)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      variant="outlined"
      size="small"
    >
      <option value="">All</option>
      {props.options.map(option => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </TextField>
  );
}
