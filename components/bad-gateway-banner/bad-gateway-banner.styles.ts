import { css } from 'lit';

/**
 * Default colours, light and dark, as the stylesheet below declares them. Exported so a test
 * can hold each text/background pair to WCAG's 4.5:1 (https://www.w3.org/TR/WCAG22/#contrast-minimum)
 * and check that the banner really uses them. The stylesheet spells them out rather than
 * interpolating this object: a literal stylesheet is one the build can minify.
 */
export const PALETTE = {
  light: { background: '#fdf7e7', color: '#1f2328', muted: '#4f5660', accent: '#1f5fbf', accentText: '#ffffff', border: '#ead9a8', icon: '#a2650c' },
  dark: { background: '#24262b', color: '#eceef1', muted: '#b4bac3', accent: '#8cb4f5', accentText: '#10151c', border: '#3d4149', icon: '#f0b44c' },
} as const;

// Colours are declared on :host (one set, switched by the colour scheme) because several
// rules share them; the other properties are read with their default at the one place
// they are used, so a page can also set them on :root.
export const styles = css`
  :host {
    --bad-gateway-background: #fdf7e7;
    --bad-gateway-color: #1f2328;
    --bad-gateway-muted: #4f5660;
    --bad-gateway-accent: #1f5fbf;
    --bad-gateway-accent-text: #fff;
    --bad-gateway-border: #ead9a8;
    --bad-gateway-icon: #a2650c;
    --bad-gateway-shadow: 0 6px 24px #0002;
    display: block;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --bad-gateway-background: #24262b;
      --bad-gateway-color: #eceef1;
      --bad-gateway-muted: #b4bac3;
      --bad-gateway-accent: #8cb4f5;
      --bad-gateway-accent-text: #10151c;
      --bad-gateway-border: #3d4149;
      --bad-gateway-icon: #f0b44c;
      --bad-gateway-shadow: 0 6px 24px #0008;
      color-scheme: dark;
    }
  }
  :host([hidden]) { display: none; }

  /* Overlays float above the page instead of pushing it down: no layout shift. Only the
     card takes pointer events, so the strip around it never blocks the page. */
  :host(:not([position=inline])) {
    position: fixed;
    left: 0;
    right: 0;
    z-index: var(--bad-gateway-z-index, 2147483000);
    padding: var(--bad-gateway-gap, 12px);
    pointer-events: none;
  }
  :host([position=top]) { top: 0; }
  /* Bottom, the default: where sites rarely put navigation. A compact card in the corner on
     wide screens (the inline end: the right in left-to-right pages)... */
  :host([position=bottom]) { bottom: 0; --enter-from: 6px; }
  @media (min-width: 641px) {
    :host([position=bottom]) { left: auto; width: 30rem; max-width: 100%; box-sizing: border-box; }
    :host([position=bottom]:dir(rtl)) { left: 0; right: auto; }
  }
  :host(:not([position=inline])) .base {
    box-shadow: var(--bad-gateway-shadow);
    max-height: calc(100vh - 2 * var(--bad-gateway-gap, 12px));
    overflow: auto;
  }
  .base {
    pointer-events: auto;
    position: relative;
    display: flex;
    gap: 14px;
    max-width: var(--bad-gateway-max-width, 46rem);
    margin: auto;
    padding: 16px;
    background: var(--bad-gateway-background);
    color: var(--bad-gateway-color);
    border: 1px solid var(--bad-gateway-border);
    border-radius: var(--bad-gateway-radius, 12px);
    font: 15px/1.5 var(--bad-gateway-font, system-ui, sans-serif);
    overflow-wrap: anywhere;
  }
  .icon { flex: none; width: 26px; color: var(--bad-gateway-icon); }
  .recovered .icon { color: var(--bad-gateway-accent); }
  svg { display: block; width: 100%; fill: none; stroke: currentColor; stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; }
  .message { flex: 1; min-width: 0; }
  p, ul { margin: 4px 0 0; }
  .title { margin: 0; padding-inline-end: 28px; font-weight: 650; font-size: 1.07em; }
  .muted, .countdown, .dismiss { color: var(--bad-gateway-muted); }
  .code { white-space: nowrap; font-size: .87em; }
  .actions, .links { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; margin-top: 12px; }
  button { font: inherit; cursor: pointer; border: 0; border-radius: 8px; }
  :focus-visible { outline: 2px solid var(--bad-gateway-accent); outline-offset: 2px; }
  .primary { padding: 6px 16px; background: var(--bad-gateway-accent); color: var(--bad-gateway-accent-text); font-weight: 600; }
  [aria-disabled=true] { cursor: default; opacity: .75; }
  .countdown { display: flex; align-items: center; gap: 6px; font-variant-numeric: tabular-nums; }
  .spinner { width: 14px; }
  .more { display: flex; align-items: center; gap: 4px; margin-inline-start: auto; padding: 6px 0; background: none; color: var(--bad-gateway-accent); }
  .arrow { width: 16px; }
  [aria-expanded=true] .arrow { transform: rotate(90deg); }
  .dismiss { position: absolute; top: 10px; right: 10px; width: 32px; padding: 7px; background: none; }
  .dismiss:hover { color: var(--bad-gateway-color); }
  .links { padding: 0; list-style: none; font-size: .94em; }
  a, summary { color: var(--bad-gateway-accent); }
  .dot { display: inline-block; width: 8px; height: 8px; margin-inline-end: 6px; border-radius: 50%; background: #2f9e44; }
  .minor, .maintenance { background: #e8a317; }
  .major, .critical { background: #d9480f; }
  details { margin-top: 10px; font-size: .94em; }
  summary { cursor: pointer; width: fit-content; }
  details ul { padding-inline-start: 1.25em; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

  /* Motion only for those who have not asked for less; otherwise the spinner stands still. */
  @media (prefers-reduced-motion: no-preference) {
    .base { animation: enter .25s ease-out; }
    .spinner { animation: spin 1s linear infinite; }
  }
  @keyframes enter { from { opacity: 0; transform: translateY(var(--enter-from, -6px)); } }
  @keyframes spin { to { transform: rotate(1turn); } }
  /* Phones: the icon moves into the title line so the text gets the full width. (A container
     query would also catch narrow sidebars, but its size containment collapses the banner
     to zero width as a flex item.) */
  @media (max-width: 480px) {
    .base { display: block; padding: 14px; font-size: 14.5px; }
    .icon { position: absolute; width: 22px; }
    .title { padding-inline-start: 32px; }
  }
  /* ...and a bar along the bottom edge on phones. */
  @media (max-width: 640px) {
    :host([position=bottom]) { padding: 0; }
    :host([position=bottom]) .base { border-width: 1px 0 0; border-radius: var(--bad-gateway-radius, 12px) var(--bad-gateway-radius, 12px) 0 0;
      max-height: 100vh; padding-bottom: calc(14px + env(safe-area-inset-bottom, 0px)); }
  }

  .subtitle { margin-top: 10px; font-weight: 600; }
  .pages ul { padding-inline-start: 1.25em; }
  .pages li { margin-top: 2px; }
  .pages .muted { font-size: .9em; white-space: nowrap; }

  /* Where it broke: four hops joined by a line, each a mark and its name and state. */
  .path { display: grid; grid-template-columns: repeat(4, 1fr); margin: 12px 0 0; padding: 0; list-style: none; font-size: .85em; line-height: 1.3; text-align: center; }
  .path li { position: relative; padding: 0 2px; }
  .path li + li::before { content: ''; position: absolute; top: 10px; right: calc(50% + 14px); width: calc(100% - 28px); border-top: 2px solid var(--bad-gateway-border); }
  .mark { display: flow-root; box-sizing: border-box; width: 22px; height: 22px; margin: 0 auto 4px; border-radius: 50%; border: 2px dashed var(--bad-gateway-muted); }
  .ok .mark { border: 0; background: var(--bad-gateway-ok, #2f9e44); }
  .fail .mark { border: 0; background: var(--bad-gateway-fail, #d9480f); }
  .slow .mark { border: 0; background: var(--bad-gateway-slow, #e8a317); }
  /* Drawn glyphs (no font needed): a tick, a cross, a clock hand. */
  .mark::after { content: ''; display: block; margin: 5px auto; width: 8px; height: 4px; border: solid #fff; border-width: 0 0 2.5px 2.5px; transform: rotate(-45deg); }
  .fail .mark::after { width: 10px; height: 10px; margin: 4px auto; border-width: 0; background: linear-gradient(45deg, transparent 42%, #fff 42% 58%, transparent 58%), linear-gradient(-45deg, transparent 42%, #fff 42% 58%, transparent 58%); transform: none; }
  .slow .mark::after { width: 5px; height: 6px; margin: 4px 0 0 8px; border-color: #1f2328; border-width: 0 0 2.5px 2.5px; transform: none; }
  .unknown .mark::after { display: none; }
  .path b { display: block; font-weight: 600; }
  .state { display: block; color: var(--bad-gateway-muted); }
  .fail .state, .slow .state { color: var(--bad-gateway-color); font-weight: 600; }
`;
