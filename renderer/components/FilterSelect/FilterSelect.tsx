export type Option = { readonly value: string; readonly label: string };

export type Props = {
  /** The field's label ("Month"); the select is named "Filter by month". */
  readonly label: string;
  /** What the empty value means ("All months"). */
  readonly all: string;
  readonly value: string;
  readonly options: readonly Option[];
  readonly onChange: (value: string) => void;
};

/** One of a list's filters: a labelled select whose empty value shows everything. */
export function FilterSelect({ label, all, value, options, onChange }: Props) {
  return (
    <label>
      {label}
      <select aria-label={`Filter by ${label.toLowerCase()}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
