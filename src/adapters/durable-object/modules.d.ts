// Modules that exist only in the Workers runtime, typed for tsc.

declare module 'cloudflare:workers' {
  /** The Durable Object base class: its methods become RPC methods of the object's stubs. */
  export abstract class DurableObject<Env = unknown> {
    protected readonly ctx: import('./workers.ts').DurableObjectState;
    protected readonly env: Env;
    constructor(ctx: import('./workers.ts').DurableObjectState, env: Env);
  }
}
