/** A validation problem placed at the input it is about: `id` is that input's element id. */
export interface FieldProblem {
  id: string;
  message: string;
}

/** The attributes that tie an input to its message, so a screen reader reads the message with the field. */
export function invalidAttrs(problem: FieldProblem | null | undefined, id: string): Record<string, string> {
  return problem?.id === id ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {};
}

/** Moves focus to the field (or, for a group such as radio buttons, to its first input); false when it is not on the page. */
export function focusField(id: string, root: Document = document): boolean {
  const element = root.getElementById(id);
  if (!element) return false;
  const target = element.matches('input, select, textarea, button')
    ? element
    : element.querySelector<HTMLElement>('input:checked, input, select, textarea');
  if (!target) return false;
  (target as HTMLElement).focus();
  return true;
}
