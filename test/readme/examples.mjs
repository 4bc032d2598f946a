// The README's code examples, each marked with `<!-- example: <id> -->` on the line before its
// fence. Tests take an example by id and run it (or, for shell lines that cannot run here,
// check what they refer to), so the README cannot drift from what works. Pure: it parses
// text, so both Node tests and browser tests (which fetch /README.md) use it.

const FENCE = /^```([\w-]*)\s*$/;
const MARKER = /^<!--\s*example:\s*([\w-]+)\s*-->\s*$/;

/**
 * Every fenced block of `markdown`, in order: { id (null when unmarked), lang, code, line }.
 * `line` is the 1-based line of the opening fence.
 */
export function codeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`README line ${start + 1}: code fence never closed`);
    const marker = start > 0 ? MARKER.exec(lines[start - 1]) : null;
    blocks.push({ id: marker?.[1] ?? null, lang: open[1], code: body.join('\n') + '\n', line: start + 1 });
  }
  return blocks;
}

/** The example `id` of `markdown`; throws, naming it, when there is none. */
export function example(markdown, id) {
  const found = codeBlocks(markdown).filter((b) => b.id === id);
  if (found.length !== 1) throw new Error(`README has ${found.length} examples marked '${id}' (expected exactly one)`);
  return found[0];
}
