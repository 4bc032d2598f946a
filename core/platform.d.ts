// What core/ relies on from every JavaScript runtime it runs in (browsers, service workers,
// workerd, Node), declared here so it type-checks with no DOM or worker lib. Only for
// core/tsconfig.json: the other projects get the real declarations from their own lib.
declare class URL {
  constructor(url: string, base?: string);
  readonly origin: string;
  readonly pathname: string;
  readonly search: string;
  readonly href: string;
}
