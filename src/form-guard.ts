// Whether reloading would throw away something the visitor typed. Form controls remember
// their initial state (defaultValue, defaultChecked, defaultSelected), so comparing tells
// us without listening to anything; contenteditable regions have no such memory, so the
// elements typed into are remembered by watchEditing().

const edited = new WeakSet<Element>();

/** What hasUnsavedInput reads of an input, textarea, select or editable element. */
type Control = HTMLElement & { type?: string; checked?: boolean; defaultChecked?: boolean; value?: string; defaultValue?: string; options?: unknown };

/** True when a form control under `root` differs from its initial state, or a watched editable region was typed into. */
export function hasUnsavedInput(root: ParentNode): boolean {
  return [...root.querySelectorAll<Control>('input, textarea, select, [contenteditable]')].some((el) =>
    el.type == 'checkbox' || el.type == 'radio' ? el.checked != el.defaultChecked
      : el.options ? selectChanged(el as HTMLSelectElement)
        : 'defaultValue' in el ? el.type != 'hidden' && el.value != el.defaultValue
          : edited.has(el));
}

function selectChanged(el: HTMLSelectElement): boolean {
  const options = [...el.options];
  if (el.multiple) return options.some((o) => o.selected != o.defaultSelected);
  // A single-choice list with no `selected` attribute starts on its first enabled option
  // (HTML "selectedness setting algorithm"), not on "nothing selected"; with several, the last wins.
  const initial = options.filter((o) => o.defaultSelected).pop() ?? (el.size > 1 ? undefined : options.find((o) => !o.disabled));
  return el.selectedOptions[0] != initial;
}

/** Remembers contenteditable elements the visitor types into under `root`; returns a stop function. */
export function watchEditing(root: Node): () => void {
  const onInput = ({ target }: Event) => {
    // The host element carries the attribute; inner nodes inherit editability.
    if ((target as HTMLElement).isContentEditable) edited.add((target as Element).closest('[contenteditable]') ?? (target as Element));
  };
  root.addEventListener('input', onInput, true);
  return () => root.removeEventListener('input', onInput, true);
}
