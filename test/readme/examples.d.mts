// Types of examples.mjs, for the browser tests (TypeScript) that read README examples.
export interface CodeBlock { id: string | null; lang: string; code: string; line: number }
export function codeBlocks(markdown: string): CodeBlock[];
export function example(markdown: string, id: string): CodeBlock & { id: string };
