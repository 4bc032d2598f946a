import { css, unsafeCSS } from 'lit';

/**
 * Default colours, light and dark. Exported so a test can hold each text/background pair
 * to WCAG's 4.5:1 (https://www.w3.org/TR/WCAG22/#contrast-minimum).
 */
export const PALETTE = {
  light: { background: '#fdf7e7', color: '#1f2328', muted: '#4f5660', accent: '#1f5fbf', accentText: '#ffffff', border: '#ead9a8', icon: '#a2650c' },
  dark: { background: '#24262b', color: '#eceef1', muted: '#b4bac3', accent: '#8cb4f5', accentText: '#10151c', border: '#3d4149', icon: '#f0b44c' },
} as const;

const colours = (p: (typeof PALETTE)['light' | 'dark']) => unsafeCSS(
  `--bad-gateway-background:${p.background};--bad-gateway-color:${p.color};--bad-gateway-muted:${p.muted};` +
  `--bad-gateway-accent:${p.accent};--bad-gateway-accent-text:${p.accentText};--bad-gateway-border:${p.border};--bad-gateway-icon:${p.icon};`,
);

export const styles = css`
  :host {
    ${colours(PALETTE.light)}
    --bad-gateway-font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', sans-serif;
    --bad-gateway-radius: 12px;
    --bad-gateway-shadow: 0 6px 24px #0002;
    --bad-gateway-max-width: 46rem;
    --bad-gateway-z-index: 2147483000;
    --bad-gateway-gap: 12px;
    display: block;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      ${colours(PALETTE.dark)}
      --bad-gateway-shadow: 0 6px 24px #0008;
      color-scheme: dark;
    }
  }
  :host([hidden]) { display: none; }

  /* Overlays float above the page instead of pushing it down: no layout shift. Only the
     card takes pointer events, so the strip around it never blocks the page. */
  :host([position='top']), :host([position='bottom']) {
    position: fixed;
    left: 0;
    right: 0;
    z-index: var(--bad-gateway-z-index);
    padding: var(--bad-gateway-gap);
    pointer-events: none;
  }
  :host([position='top']) { top: 0; }
  :host([position='bottom']) { bottom: 0; --enter-from: 6px; }
  :host([position='top']) .base, :host([position='bottom']) .base {
    box-shadow: var(--bad-gateway-shadow);
    max-height: calc(100vh - 2 * var(--bad-gateway-gap));
    overflow: auto;
  }
  .base {
    pointer-events: auto;
    position: relative;
    display: flex;
    gap: 14px;
    max-width: var(--bad-gateway-max-width);
    margin: auto;
    padding: 16px 18px 16px 16px;
    background: var(--bad-gateway-background);
    color: var(--bad-gateway-color);
    border: 1px solid var(--bad-gateway-border);
    border-radius: var(--bad-gateway-radius);
    font: 15px/1.5 var(--bad-gateway-font);
    overflow-wrap: anywhere;
  }
  .icon { flex: none; width: 26px; height: 26px; color: var(--bad-gateway-icon); }
  .recovered .icon { color: var(--bad-gateway-accent); }
  svg { display: block; width: 100%; height: 100%; fill: none; stroke: currentColor; stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; }
  .message { flex: 1; min-width: 0; }
  p, ul { margin: 4px 0 0; }
  .title { margin: 0; padding-inline-end: 28px; font-weight: 650; font-size: 1.07em; }
  .saved, .code, .countdown, .dismiss { color: var(--bad-gateway-muted); }
  .code { white-space: nowrap; font-size: 0.87em; }
  .actions, .links { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; margin-top: 12px; }
  button { font: inherit; cursor: pointer; border: 0; border-radius: 8px; }
  :focus-visible { outline: 2px solid var(--bad-gateway-accent); outline-offset: 2px; }
  .primary { padding: 6px 16px; background: var(--bad-gateway-accent); color: var(--bad-gateway-accent-text); font-weight: 600; }
  [aria-disabled='true'] { cursor: default; opacity: 0.75; }
  .countdown { display: flex; align-items: center; gap: 6px; font-variant-numeric: tabular-nums; }
  .spinner { width: 14px; }
  .dismiss { position: absolute; top: 10px; right: 10px; width: 32px; height: 32px; padding: 7px; background: none; }
  .dismiss:hover { color: var(--bad-gateway-color); }
  .links { padding: 0; list-style: none; font-size: 0.94em; }
  a, summary { color: var(--bad-gateway-accent); }
  .dot { display: inline-block; width: 8px; height: 8px; margin-inline-end: 6px; border-radius: 50%; background: #2f9e44; }
  .minor, .maintenance { background: #e8a317; }
  .major, .critical { background: #d9480f; }
  details { margin-top: 10px; font-size: 0.94em; }
  summary { cursor: pointer; width: fit-content; }
  details ul { padding-inline-start: 1.25em; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

  /* Motion only for those who have not asked for less; otherwise the spinner stands still. */
  @media (prefers-reduced-motion: no-preference) {
    .base { animation: enter 0.25s ease-out; }
    .spinner { animation: spin 1s linear infinite; }
  }
  @keyframes enter { from { opacity: 0; transform: translateY(var(--enter-from, -6px)); } }
  @keyframes spin { to { transform: rotate(1turn); } }
  /* Phones: the icon moves into the title line so the text gets the full width. (A container
     query would also catch narrow sidebars, but its size containment collapses the banner
     to zero width as a flex item.) */
  @media (max-width: 480px) {
    .base { display: block; padding: 14px; font-size: 14.5px; }
    .icon { position: absolute; width: 22px; height: 22px; }
    .title { padding-inline-start: 32px; }
  }
`;
