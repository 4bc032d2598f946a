// What core/ relies on from every JavaScript runtime it runs in (browsers, service workers,
// workerd, Node), declared here so it type-checks with no DOM or worker lib. Only for
// core/tsconfig.json: the other projects get the real declarations from their own lib.
declare class URL {
  constructor(url: string, base?: string);
  readonly origin: string;
  readonly pathname: string;
  readonly search: string;
  readonly href: string;
  readonly protocol: string;
  readonly searchParams: { get(name: string): string | null; set(name: string, value: string): void };
}
// Timers exist in every runtime core/ runs in; core/clock.ts wraps them for the page client and the banner.
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
