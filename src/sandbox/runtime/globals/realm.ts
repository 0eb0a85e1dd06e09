/**
 * Host-side access to one context's intrinsics, so host code can hand scenario code values of the
 * context's own realm: objects whose prototype is the context's Object.prototype, arrays made by the
 * context's Array.from, errors made by the context's Error constructors, and the context's promises.
 *
 * Conversions live here (host code, shared by all sessions and optimized once by V8) rather than in the
 * context facade, whose functions are instantiated per context and would run cold in every session.
 */

/** The context intrinsics the host needs. */
export interface Intrinsics {
  Object: ObjectConstructor;
  Array: ArrayConstructor;
  Promise: PromiseConstructor;
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
  RangeError: RangeErrorConstructor;
  SyntaxError: SyntaxErrorConstructor;
  ReferenceError: ReferenceErrorConstructor;
}

const ERROR_NAMES = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError']);

/** A promise of the context with its settle functions. */
export interface Deferred {
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

export class ContextRealm {
  private readonly objectProto: object;
  private readonly freeze: (o: object) => object;
  private readonly assign: (target: object, source: object) => object;

  /** The context's Promise.prototype (the rejection tracker tells sessions apart by it). */
  readonly promisePrototype: object;

  constructor(readonly intrinsics: Intrinsics) {
    this.objectProto = intrinsics.Object.prototype;
    this.promisePrototype = intrinsics.Promise.prototype;
    this.freeze = intrinsics.Object.freeze;
    this.assign = intrinsics.Object.assign;
  }

  /** Context objects handed out often (Call objects), recognised without walking their prototype chain. */
  private readonly known = new WeakSet<object>();

  /** Marks a context object so `toCtx` passes it through at once. */
  adopt<T extends object>(value: T): T {
    this.known.add(value);
    return value;
  }

  /** Whether `value` is an object of this context (its prototype chain reaches the context's Object.prototype). */
  owns(value: object): boolean {
    return this.known.has(value) || value instanceof this.intrinsics.Object;
  }

  /** Copies host data into context values; context objects and primitives pass unchanged. */
  toCtx(value: unknown): unknown {
    if (value === null || typeof value !== 'object' || this.owns(value)) return value;
    if (Array.isArray(value)) {
      const items = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) items[i] = this.toCtx(value[i]);
      return this.intrinsics.Array.from(items);
    }
    return this.object(value as Record<string, unknown>);
  }

  /**
   * A context object with the own fields of `fields` (nested host objects and arrays converted too).
   * Copies with the context's own Object.assign, then converts the few nested host values.
   */
  object(fields: Record<string, unknown>): object {
    const out = this.assign(Object.create(this.objectProto) as object, fields) as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      const v = fields[key];
      if (v !== null && typeof v === 'object' && !this.owns(v)) out[key] = this.toCtx(v);
    }
    return out;
  }

  /**
   * An event object `{ call, name, id, ...fields }` (`call` and `id` left out when undefined): the fields
   * copied as they are (primitives and context objects), plus the nested plain objects `headers` and
   * `scheme` copied one level. Cheaper than `object` for the many events, and without an intermediate
   * host object.
   */
  event(call: object | undefined, name: string, id: string | undefined, fields: Record<string, unknown>): object {
    const out = Object.create(this.objectProto) as Record<string, unknown>;
    if (call !== undefined) out.call = call;
    out.name = name;
    if (id !== undefined) out.id = id;
    this.assign(out, fields);
    const headers = fields.headers;
    if (headers !== undefined) out.headers = this.assign(Object.create(this.objectProto) as object, headers as object);
    const scheme = fields.scheme;
    if (scheme !== undefined) out.scheme = this.assign(Object.create(this.objectProto) as object, scheme as object);
    return out;
  }

  /** A frozen context object. */
  frozen(fields: Record<string, unknown>): object {
    return this.freeze(this.object(fields));
  }

  /**
   * The context form of a host error: the context constructor of the same name (Error for other names,
   * keeping the name), the same message, and `code`/`field` when present. Context errors pass unchanged.
   */
  error(error: unknown): unknown {
    if (error === null || typeof error !== 'object' || this.owns(error)) return error;
    const e = error as { name?: unknown; message?: unknown; code?: unknown; field?: unknown };
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const Ctor = ERROR_NAMES.has(name) ? this.intrinsics[name as 'Error'] : this.intrinsics.Error;
    const out = new Ctor(String(e.message)) as Error & { code?: unknown; field?: unknown };
    if (!ERROR_NAMES.has(name)) Object.defineProperty(out, 'name', { value: name, writable: true, configurable: true });
    if (e.code !== undefined) out.code = e.code;
    if (e.field !== undefined) out.field = e.field;
    return out;
  }

  /** A new pending promise of the context. */
  deferred(): Deferred {
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const promise = new this.intrinsics.Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }
}
