// Types of workbox-window's ES2017 build, which install.ts imports by path: the same API as the package's entry.
declare module 'workbox-window/build/workbox-window.prod.mjs' {
  export * from 'workbox-window';
}
