// Modules that exist only in the Worker bundle (src/runtime/worker-build.ts), typed for tsc.

declare module 'cloudflare:workers' {
  /** The Durable Object base class: its methods become RPC methods of the object's stubs. */
  export abstract class DurableObject<Env = unknown> {
    protected readonly ctx: import('./workers.ts').DurableObjectState;
    protected readonly env: Env;
    constructor(ctx: import('./workers.ts').DurableObjectState, env: Env);
  }
}

declare module 'virtual:drizzle-migrations' {
  /** drizzle/'s migrations, read at build time (what readMigrationFiles returns). */
  const migrations: import('drizzle-orm/migrator').MigrationMeta[];
  export default migrations;
}
