/** A person at a browser: one cookie jar, GraphQL over real HTTP. For the API's own tests. */
export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; details?: Record<string, unknown> };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: GraphQLErrorShape[]) {
    super(errors.map((e) => `${e.extensions?.code ?? '?'}: ${e.message}`).join('\n'));
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export class Browser {
  private readonly cookies = new Map<string, string>();
  lastSetCookie: string[] = [];
  /** who signed in on this browser (set by the test API's signIn) */
  loginName: string | null = null;

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Sends one operation; returns the whole response (data and errors). */
  async send<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    this.lastSetCookie = response.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]!) < new Date())
        || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** Sends one operation and returns its data; throws GraphQLRequestError when it carries errors. */
  async run<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.send<T>(query, variables);
    if (result.errors?.length) throw new GraphQLRequestError(result.errors);
    return result.data as T;
  }

  /** The error code of an operation expected to fail (throws if it succeeded). */
  async errorOf(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLErrorShape> {
    const result = await this.send(query, variables);
    if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
    return result.errors[0]!;
  }
}
