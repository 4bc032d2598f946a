// Whether reloading would throw away something the visitor typed. Form controls remember
// their initial state (defaultValue, defaultChecked, defaultSelected), so comparing tells
// us without listening to anything; contenteditable regions have no such memory, so the
// elements typed into are remembered by watchEditing().

const edited = new WeakSet<Element>();

/** True when a form control under `root` differs from its initial state, or a watched editable region was typed into. */
export function hasUnsavedInput(root: ParentNode): boolean {
  for (const el of root.querySelectorAll('input, textarea, select, [contenteditable]')) {
    if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio' ? el.checked !== el.defaultChecked : el.type !== 'hidden' && el.value !== el.defaultValue) return true;
    } else if (el instanceof HTMLTextAreaElement) {
      if (el.value !== el.defaultValue) return true;
    } else if (el instanceof HTMLSelectElement) {
      if (selectChanged(el)) return true;
    } else if (edited.has(el)) return true;
  }
  return false;
}

function selectChanged(el: HTMLSelectElement): boolean {
  const options = [...el.options];
  if (el.multiple) return options.some((o) => o.selected !== o.defaultSelected);
  // A single-choice list with no `selected` attribute starts on its first enabled option
  // (HTML "selectedness setting algorithm"), not on "nothing selected"; with several, the last wins.
  const initial = options.filter((o) => o.defaultSelected).pop() ?? (el.size <= 1 ? options.find((o) => !o.disabled) : undefined);
  return (el.selectedOptions[0] ?? undefined) !== initial;
}

/** Remembers contenteditable elements the visitor types into under `root`; returns a stop function. */
export function watchEditing(root: Node): () => void {
  const onInput = (e: Event) => {
    const target = e.target;
    if (target instanceof HTMLElement && target.isContentEditable) {
      // The host element carries the attribute; inner nodes inherit editability.
      edited.add(target.closest('[contenteditable]') ?? target);
    }
  };
  root.addEventListener('input', onInput, true);
  return () => root.removeEventListener('input', onInput, true);
}
