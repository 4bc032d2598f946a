import { expect, fixture, html } from '@open-wc/testing';
import { hasUnsavedInput, watchEditing } from '../../src/form-guard.js';

describe('hasUnsavedInput', () => {
  it('is false for a form as the server sent it, prefilled values included', async () => {
    const el = await fixture(html`<form>
      <input name="q" value="boots"><input type="hidden" name="t" value="1"><textarea>hello</textarea>
      <input type="checkbox" checked><input type="radio" name="r" value="a"><input type="radio" name="r" value="b" checked>
      <select><option>one</option><option>two</option></select>
      <select><option>x</option><option selected>y</option></select>
      <select multiple><option selected>m1</option><option>m2</option></select>
    </form>`);
    expect(hasUnsavedInput(el)).to.equal(false);
  });

  const edits: [string, (f: HTMLFormElement) => void][] = [
    ['a typed text input', (f) => { f.querySelector<HTMLInputElement>('input[name=q]')!.value = 'boots size 44'; }],
    ['a typed textarea', (f) => { f.querySelector('textarea')!.value = 'hello there'; }],
    ['an unticked checkbox', (f) => { f.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked = false; }],
    ['another radio button', (f) => { f.querySelector<HTMLInputElement>('input[value=a]')!.checked = true; }],
    ['another choice in a list', (f) => { f.querySelector('select')!.selectedIndex = 1; }],
    ['another choice in a multiple list', (f) => { f.querySelector<HTMLSelectElement>('select[multiple]')!.options[1].selected = true; }],
  ];
  for (const [what, edit] of edits) {
    it(`is true for ${what}`, async () => {
      const form = await fixture<HTMLFormElement>(html`<form>
        <input name="q" value="boots"><textarea>hello</textarea><input type="checkbox" checked>
        <input type="radio" name="r" value="a"><input type="radio" name="r" value="b" checked>
        <select><option>one</option><option>two</option></select>
        <select multiple><option selected>m1</option><option>m2</option></select>
      </form>`);
      expect(hasUnsavedInput(form)).to.equal(false);
      edit(form);
      expect(hasUnsavedInput(form)).to.equal(true);
    });
  }

  it('ignores hidden inputs changed by scripts', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><input type="hidden" value="a"></form>`);
    form.querySelector('input')!.value = 'b';
    expect(hasUnsavedInput(form)).to.equal(false);
  });

  it('is true after the visitor types into a contenteditable region', async () => {
    const root = await fixture(html`<div><div contenteditable="true"><p>draft</p></div></div>`);
    const stop = watchEditing(document);
    try {
      expect(hasUnsavedInput(root)).to.equal(false);
      const p = root.querySelector('p')!;
      p.textContent = 'draft, edited';
      // What a keystroke fires (an 'input' event from the editing host, bubbling).
      p.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'x' }));
      expect(hasUnsavedInput(root)).to.equal(true);
    } finally {
      stop();
    }
  });
});
