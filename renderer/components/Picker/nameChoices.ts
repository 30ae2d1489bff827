/** The names of `names` (as a picker's choices) that what is typed could mean, whatever its case or spaces: those starting with it first, then those holding it. */
export function nameChoices(names: readonly string[]) {
  return (text: string): { readonly value: string; readonly label: string }[] => {
    const t = text.trim().toLowerCase();
    const starts = names.filter((p) => p.toLowerCase().startsWith(t));
    return [...starts, ...names.filter((p) => !starts.includes(p) && p.toLowerCase().includes(t))].map((p) => ({ value: p, label: p }));
  };
}
