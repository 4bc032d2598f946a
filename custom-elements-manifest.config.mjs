// Custom Elements Manifest (custom-elements.json) for <bad-gateway-banner>, generated from the
// element's JSDoc by @custom-elements-manifest/analyzer during `npm run build`, and named by
// package.json's "customElements" field so editors and tools find its attributes, properties,
// events, slot, parts and CSS custom properties.
//
// The analyzer reads the TypeScript sources; the plugin below turns that into a manifest of
// what the package ships: one module, dist/esm/banner.js (the `bad-gateway/banner` entry),
// public API only, and union type aliases spelled out ('top' | 'bottom' | 'inline') rather
// than named aliases a tool cannot resolve (interfaces keep their names).

const ENTRY = 'dist/esm/banner.js';
const SOURCE = 'components/bad-gateway-banner/bad-gateway-banner.component.ts';

/** Type aliases met while analysing (name → written type), to spell them out in the manifest. */
function spellOutTypes() {
  const aliases = new Map();
  const expand = (text, depth = 0) => depth > 5 ? text
    : text.replace(/\b[A-Z]\w*\b/g, (name) => aliases.has(name) ? expand(aliases.get(name), depth + 1) : name);
  const fix = (item) => { if (item?.type?.text) item.type.text = expand(item.type.text); };
  return {
    name: 'bad-gateway-spell-out-types',
    analyzePhase({ ts, node }) {
      if (node.kind === ts.SyntaxKind.TypeAliasDeclaration) aliases.set(node.name.getText(), node.type.getText());
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) [...(decl.members ?? []), ...(decl.attributes ?? [])].forEach(fix);
      }
    },
  };
}

/** Keeps the element's public surface, in one module named for the file the package ships. */
function publicSurfaceOnly() {
  return {
    name: 'bad-gateway-public-surface',
    packageLinkPhase({ customElementsManifest }) {
      const source = customElementsManifest.modules.find((m) => m.path === SOURCE);
      const element = source?.declarations?.find((d) => d.tagName === 'bad-gateway-banner');
      if (!element) throw new Error(`custom-elements manifest: no <bad-gateway-banner> declared in ${SOURCE}`);
      const isPublic = (item) => !item.name.startsWith('_') && item.privacy !== 'private' && item.privacy !== 'protected';
      element.members = element.members.filter(isPublic);
      element.attributes = element.attributes.filter((a) => isPublic(a) && !a.fieldName?.startsWith('_'));
      // Only documented events: the analyzer also reports `new CustomEvent(name)` in the
      // private helper that dispatches them all, under the variable's name.
      element.events = element.events.filter((e) => e.description);
      customElementsManifest.modules = [{
        kind: 'javascript-module',
        path: ENTRY,
        declarations: [element],
        exports: [
          { kind: 'js', name: 'BadGatewayBanner', declaration: { name: 'BadGatewayBanner', module: ENTRY } },
          { kind: 'custom-element-definition', name: 'bad-gateway-banner', declaration: { name: 'BadGatewayBanner', module: ENTRY } },
        ],
      }];
    },
  };
}

export default {
  globs: [SOURCE, 'components/bad-gateway-banner/bad-gateway-banner.ts', 'components/bad-gateway-banner/strings/index.ts', 'core/protocol.ts'],
  outdir: '.',
  litelement: true,
  plugins: [spellOutTypes(), publicSurfaceOnly()],
};
