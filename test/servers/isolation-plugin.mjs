// @web/test-runner plugin: every browser test file imports test/isolation/leave-nothing.ts
// first, so each file is checked to start and end with a clean browser without having to
// remember to ask for it.
export function isolationPlugin() {
  return {
    name: 'bad-gateway-isolation',
    transform(context) {
      // The runner loads each test file with its session id; helpers and fixtures are left alone.
      if (!context.path.endsWith('.test.ts') || !context.URL.searchParams.has('wtr-session-id')) return undefined;
      // Prepended on the file's first line, so reported line numbers stay the file's own.
      return { body: `import '/test/isolation/leave-nothing.ts';${context.body}` };
    },
  };
}
