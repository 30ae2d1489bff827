/** What a usage import can read from a spreadsheet's columns, and how it reads day-month dates: the contract's words, with no parser behind them. */
export const IMPORT_FIELDS = ['date', 'feature', 'minutes', 'seconds', 'duration', 'count', 'videos', 'project', 'by'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Each field as the import screen labels it: a column headed so is read as that field. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  date: 'Date',
  feature: 'Feature',
  minutes: 'Minutes',
  seconds: 'Seconds',
  duration: 'Length (mm:ss)',
  count: 'How many',
  videos: 'Videos',
  project: 'Project',
  by: 'Member',
};

/** How to read the day, month and year of a date written with `/`, `.` or `-`. */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
